using System.Security.Cryptography.X509Certificates;
using System.Text;
using Conformance.TrustedLists.Authenticity;
using Conformance.TrustedLists.Model;

namespace Conformance.TrustedLists.Qualification;

/// <summary>Yes, no, or not decidable with what was supplied.</summary>
public enum Qualified
{
    Yes,
    No,
    Unknown,
}

/// <summary>One answer with the reason for it.</summary>
public sealed record QualificationAnswer(Qualified Value, string Reason)
{
    public string Describe() => $"{Value switch { Qualified.Yes => "yes", Qualified.No => "no", _ => "unknown" }}: {Reason}";
}

/// <summary>A service entry that names the TSU certificate or one of its issuers, with its status timeline.</summary>
public sealed record ServiceMatch(TrustService Service, X509Certificate2 MatchedCertificate, int PathLevel, IReadOnlyList<StatusPeriod> Timeline)
{
    public string Describe() =>
        $"{Service.Describe()} matches {(PathLevel == 0 ? "the TSU certificate" : $"issuer level {PathLevel}")} {MatchedCertificate.Subject}";
}

/// <summary>
/// Whether a TSU was a granted qualified time-stamping service at genTime and is one now, which list and service entry
/// decided it, and whether that list was in force at genTime or is a later list read through its history.
/// </summary>
public sealed record QualificationDecision
{
    public required DateTimeOffset GenTime { get; init; }
    public required DateTimeOffset ValidationTime { get; init; }
    public required string? Territory { get; init; }
    public required QualificationAnswer AtGenTime { get; init; }
    public required QualificationAnswer Now { get; init; }

    /// <summary>What the deciding list's status history says about genTime, also when the list cannot answer for it (expired).</summary>
    public required QualificationAnswer HistoryAtGenTime { get; init; }
    public CheckedTrustedList? List { get; init; }

    /// <summary>"in force at genTime", "a later list read through its history", or why the list cannot speak for genTime.</summary>
    public string? ListTiming { get; init; }

    /// <summary>The entry and period that made the service qualified at genTime (null unless it was).</summary>
    public ServiceMatch? Deciding { get; init; }

    public StatusPeriod? DecidingPeriod { get; init; }
    public IReadOnlyList<ServiceMatch> Matches { get; init; } = [];
    public IReadOnlyList<X509Certificate2> IssuerPath { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("Qualified at genTime ").Append(GenTime.ToString("yyyy-MM-ddTHH:mm:ssZ")).Append(": ").AppendLine(AtGenTime.Describe());
        text.Append("Qualified now (").Append(ValidationTime.ToString("yyyy-MM-ddTHH:mm:ssZ")).Append("): ").AppendLine(Now.Describe());
        if (List is not null)
        {
            text.Append("List: ").Append(List.List.Describe()).Append(", SHA-256 ").AppendLine(List.List.Sha256);
            text.Append("  NextUpdate ").Append(List.List.NextUpdate?.ToString("yyyy-MM-ddTHH:mm:ssZ") ?? "none (closed list)")
                .Append("; ").AppendLine(ListTiming);
            text.Append("  Signature: ").AppendLine(List.File.Signature.Describe());
            text.Append("  Authenticity: ").AppendLine(List.Authenticity.Describe());
        }

        for (int level = 0; level < IssuerPath.Count; level++)
        {
            text.Append(level == 0 ? "TSU certificate: " : $"Issuer {level}: ").AppendLine(IssuerPath[level].Subject);
        }

        foreach (ServiceMatch match in Matches)
        {
            text.Append(ReferenceEquals(match, Deciding) ? "Deciding entry: " : "Matching entry: ").AppendLine(match.Describe());
            foreach (StatusPeriod period in match.Timeline)
            {
                text.Append("    ").Append(ReferenceEquals(period, DecidingPeriod) ? "* " : "  ").AppendLine(period.Describe());
            }
        }

        foreach (string warning in Warnings)
        {
            text.Append("Warning: ").AppendLine(warning);
        }

        return text.ToString();
    }
}

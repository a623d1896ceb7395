using System.Text.Json;
using System.Text.Json.Serialization;
using Conformance.TrustedLists.Model;

namespace Conformance.TrustedLists.Qualification;

/// <summary>
/// The decision as stored evidence (JSON), for reports and for auditors: answers, the list with its SHA-256, the
/// service entry and its status timeline. Field names are stable; the report's qualified-service section reads them.
/// </summary>
public sealed record QualificationRecord
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public required DateTimeOffset GenTime { get; init; }
    public required DateTimeOffset ValidationTime { get; init; }
    public string? Territory { get; init; }
    public required Answer AtGenTime { get; init; }
    public required Answer Now { get; init; }
    public ListEntry? List { get; init; }
    public ServiceEntry? Service { get; init; }
    public IReadOnlyList<Period> Timeline { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public sealed record Answer(Qualified Value, string Reason);

    public sealed record ListEntry(string File, string Territory, long SequenceNumber, DateTimeOffset Issued, DateTimeOffset? NextUpdate, string Sha256,
        string Signature, string Authenticity, string? Timing);

    public sealed record ServiceEntry(string Name, string Provider, string Type, int Line, string MatchedCertificate, int PathLevel, bool Decided);

    public sealed record Period(DateTimeOffset Start, DateTimeOffset? End, string Type, string Status, bool Qualified, bool Current, int Line);

    public static QualificationRecord From(QualificationDecision decision)
    {
        ServiceMatch? shown = decision.Deciding ?? decision.Matches.FirstOrDefault(m => m.Timeline.Any(p => p.IsQtst)) ?? decision.Matches.FirstOrDefault();
        return new QualificationRecord
        {
            GenTime = decision.GenTime,
            ValidationTime = decision.ValidationTime,
            Territory = decision.Territory,
            AtGenTime = new(decision.AtGenTime.Value, decision.AtGenTime.Reason),
            Now = new(decision.Now.Value, decision.Now.Reason),
            List = decision.List is { } l ? new ListEntry(Path.GetFileName(l.List.Source), l.List.Territory, l.List.SequenceNumber, l.List.IssueDate, l.List.NextUpdate,
                l.List.Sha256, l.File.Signature.Describe(), l.Authenticity.Describe(), decision.ListTiming) : null,
            Service = shown is null ? null : new ServiceEntry(shown.Service.Name, shown.Service.ProviderName, TrustedListUris.Short(shown.Service.Type), shown.Service.Line,
                shown.MatchedCertificate.Subject, shown.PathLevel, ReferenceEquals(shown, decision.Deciding)),
            Timeline = shown?.Timeline.Select(p => new Period(p.Start, p.End, TrustedListUris.Short(p.Type), TrustedListUris.Short(p.Status), p.IsQualifiedPeriod, p.IsCurrent, p.Line)).ToList() ?? [],
            Warnings = decision.Warnings,
        };
    }
}

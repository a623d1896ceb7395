namespace Conformance.TrustedLists.Model;

/// <summary>
/// One trusted list as read (ETSI TS 119 612 v2, list version 5 or 6): its scheme information, its providers and
/// services (member-state list) or its pointers to other lists (the EU list of lists).
/// </summary>
public sealed record TrustedList
{
    public required string Source { get; init; }

    /// <summary>SHA-256 of the file's bytes as read, hex: the evidence that names exactly which list decided.</summary>
    public required string Sha256 { get; init; }

    public required int Version { get; init; }
    public required long SequenceNumber { get; init; }
    public required string Type { get; init; }
    public required string Territory { get; init; }
    public required string SchemeOperator { get; init; }
    public required DateTimeOffset IssueDate { get; init; }

    /// <summary>NextUpdate; null for a closed list (an empty NextUpdate).</summary>
    public required DateTimeOffset? NextUpdate { get; init; }

    public required IReadOnlyList<TrustServiceProvider> Providers { get; init; }
    public required IReadOnlyList<OtherListPointer> Pointers { get; init; }

    public bool IsListOfLists => string.Equals(Type, TrustedListUris.ListOfListsType, StringComparison.Ordinal);

    public string Describe() => $"{Territory} trusted list seq {SequenceNumber} issued {IssueDate:yyyy-MM-ddTHH:mm:ssZ} ({Path.GetFileName(Source)})";

    /// <summary>True when the list's NextUpdate is before <paramref name="time"/>: the list had expired by then.</summary>
    public bool IsExpiredAt(DateTimeOffset time) => NextUpdate is { } next && next < time;
}

/// <summary>A pointer in the list of lists: where a territory's list is published and which certificates may sign it.</summary>
public sealed record OtherListPointer(string Territory, string Location, string? MimeType, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> SigningCertificates);

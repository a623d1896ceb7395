namespace Conformance.Catalogue;

/// <summary>
/// Where a requirement comes from: document, version, clause and, where the document numbers its
/// requirements, the document's own requirement ID (e.g. <c>TIS-7.7.2-03</c>, <c>REQ-7.8-13</c>).
/// </summary>
public sealed record RequirementSource
{
    public required string Document { get; init; }
    public required string Version { get; init; }
    /// <summary>Clause, section, article or annex point, as the document numbers it (e.g. "7.7.2", "2.4.2", "Art. 24(2)(a)").</summary>
    public required string Clause { get; init; }
    /// <summary>The document's own requirement identifier, stored exactly as printed; null when the document has none.</summary>
    public string? Ref { get; init; }

    /// <summary>
    /// The normative word the source itself uses for this requirement (e.g. "shall", "should", "MUST NOT", "may"),
    /// as read; null when the entry has not been reviewed against the text.
    /// </summary>
    public string? Verb { get; init; }

    /// <summary>What the requirement binds and what the check judges (e.g. "TSA's tokens", "TSU certificate").</summary>
    public string? AppliesTo { get; init; }

    /// <summary>What text was read to verify the entry (document, version, clauses; first-hand or second-hand).</summary>
    public string? Read { get; init; }

    /// <summary>
    /// Citation form for reports, e.g. "EN319421 V1.3.1 §7.7.2 TIS-7.7.2-03". A version that only repeats the document's
    /// name (the RFCs: document "RFC3161", version "RFC 3161") is left out, so the citation reads "RFC3161 §2.4.2".
    /// </summary>
    public string Citation
    {
        get
        {
            string head = RepeatsDocument ? Document : $"{Document} {Version}";
            return Ref is null ? $"{head} {ClauseLabel}" : $"{head} {ClauseLabel} {Ref}";
        }
    }

    private bool RepeatsDocument => string.Equals(Version.Replace(" ", "", StringComparison.Ordinal), Document, StringComparison.OrdinalIgnoreCase);

    private string ClauseLabel => Clause.StartsWith("Art", StringComparison.Ordinal) || Clause.StartsWith("Annex", StringComparison.Ordinal)
        ? Clause
        : "§" + Clause;
}

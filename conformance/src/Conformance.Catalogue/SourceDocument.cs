namespace Conformance.Catalogue;

/// <summary>
/// The document a requirements file transcribes (one file per document), e.g. ETSI EN 319 421 V1.3.1.
/// Declared once in the file's <c>document:</c> header; its key and version are the defaults for every
/// requirement's <see cref="RequirementSource"/> in that file.
/// </summary>
public sealed record SourceDocument
{
    /// <summary>Short stable key used in IDs and reports, e.g. <c>EN319421</c>.</summary>
    public required string Key { get; init; }
    public required string Title { get; init; }
    public required string Version { get; init; }
    /// <summary>Publication date as printed (free text, e.g. "2025-07").</summary>
    public string? Date { get; init; }
    /// <summary>How the document identifies its own requirements (e.g. "OVR-/TIS-&lt;clause&gt;-&lt;nn&gt;"), if it does.</summary>
    public string? IdScheme { get; init; }
    /// <summary>Where the official text can be obtained.</summary>
    public string? Url { get; init; }
    public string? Notes { get; init; }
    public required string File { get; init; }
    public int Line { get; init; }
}

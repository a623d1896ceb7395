namespace Conformance.Checks.Evidence;

/// <summary>Somewhere captured bytes go: HTTP exchanges, tokens, certificates.</summary>
public interface IEvidenceSink
{
    /// <summary>Stores <paramref name="content"/> and returns the file name it was given (unique within the run).</summary>
    string Save(string label, string extension, ReadOnlySpan<byte> content);

    /// <summary>
    /// Stores content that many saves of a run share (a TSU certificate carried by thousands of stored tokens) once,
    /// labelled <paramref name="kind"/> and the first 16 hex digits of its SHA-256, and returns the same file name each
    /// time the same bytes come again. A sink without that notion stores each copy under that label.
    /// </summary>
    string SaveShared(string kind, string extension, ReadOnlySpan<byte> content) => Save(SharedLabel(kind, SHA256Hex(content)), extension, content);

    /// <summary>The label of shared content: its kind and the first 16 hex digits of its SHA-256.</summary>
    protected static string SharedLabel(string kind, string sha256Hex) => $"{kind}-{sha256Hex[..16]}";

    protected static string SHA256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    /// <summary>The bounds on what may be stored (certificates per token, files and bytes per run).</summary>
    EvidenceCaps Caps => EvidenceCaps.Default;

    /// <summary>Something was not stored because the cap named in <paramref name="cap"/> was reached.</summary>
    void CapReached(string cap, string detail)
    {
    }
}

namespace Conformance.Checks.Evidence;

/// <summary>Somewhere captured bytes go: HTTP exchanges, tokens, certificates.</summary>
public interface IEvidenceSink
{
    /// <summary>Stores <paramref name="content"/> and returns the file name it was given (unique within the run).</summary>
    string Save(string label, string extension, ReadOnlySpan<byte> content);

    /// <summary>
    /// Stores content that many saves of a run share (a TSU certificate carried by thousands of stored tokens) once, and
    /// returns the same file name each time the same bytes come again. A sink without that notion stores each copy.
    /// </summary>
    string SaveShared(string label, string extension, ReadOnlySpan<byte> content) => Save(label, extension, content);

    /// <summary>The bounds on what may be stored (certificates per token, files and bytes per run).</summary>
    EvidenceCaps Caps => EvidenceCaps.Default;

    /// <summary>Something was not stored because the cap named in <paramref name="cap"/> was reached.</summary>
    void CapReached(string cap, string detail)
    {
    }
}

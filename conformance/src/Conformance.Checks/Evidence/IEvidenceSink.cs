namespace Conformance.Checks.Evidence;

/// <summary>Somewhere captured bytes go: HTTP exchanges, tokens, certificates.</summary>
public interface IEvidenceSink
{
    /// <summary>Stores <paramref name="content"/> and returns the file name it was given (unique within the run).</summary>
    string Save(string label, string extension, ReadOnlySpan<byte> content);

    /// <summary>The bounds on what may be stored (certificates per token, files and bytes per run).</summary>
    EvidenceCaps Caps => EvidenceCaps.Default;

    /// <summary>Something was not stored because the cap named in <paramref name="cap"/> was reached.</summary>
    void CapReached(string cap, string detail)
    {
    }
}

namespace Conformance.Checks.Evidence;

/// <summary>Somewhere captured bytes go: HTTP exchanges, tokens, certificates.</summary>
public interface IEvidenceSink
{
    /// <summary>Stores <paramref name="content"/> and returns the file name it was given (unique within the run).</summary>
    string Save(string label, string extension, ReadOnlySpan<byte> content);
}

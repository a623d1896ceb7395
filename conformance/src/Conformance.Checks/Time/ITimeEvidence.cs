using Conformance.Checks.Evidence;

namespace Conformance.Checks.Time;

/// <summary>Evidence for the time checks: token files as usual, plus the fixed-name files of evidence/time/ the report reads.</summary>
public interface ITimeEvidence : IEvidenceSink
{
    string Label { get; }

    /// <summary>Writes (or rewrites) a file at a fixed path inside the evidence folder, e.g. "time/samples.json".</summary>
    string SaveAt(string relativePath, ReadOnlySpan<byte> content);
}

using Conformance.Checks.Evidence;

namespace Conformance.Steps.Context;

/// <summary>
/// The evidence sink of one scenario: saves into the run's store under a label naming the scenario's requirement,
/// and remembers the file names so the report can list them next to the scenario.
/// </summary>
public sealed class ScenarioEvidence(IEvidenceSink store, string label) : IEvidenceSink
{
    private readonly List<string> _files = [];
    private readonly object _gate = new();

    public string Label { get; } = label;

    public IReadOnlyList<string> Files
    {
        get
        {
            lock (_gate)
            {
                return [.. _files];
            }
        }
    }

    public string Save(string label, string extension, ReadOnlySpan<byte> content)
    {
        string name = store.Save(label, extension, content);
        lock (_gate)
        {
            _files.Add(name);
        }

        return name;
    }
}

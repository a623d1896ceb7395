using Conformance.Checks.Evidence;
using Conformance.Checks.Time;

namespace Conformance.Steps.Context;

/// <summary>
/// The evidence sink of one scenario: saves into the run's store under a label naming the scenario's requirement,
/// and remembers the file names so the report can list them next to the scenario.
/// </summary>
public sealed class ScenarioEvidence(IEvidenceSink store, string label) : ITimeEvidence
{
    private readonly List<string> _files = [];
    private readonly object _gate = new();

    public string Label { get; } = label;

    /// <summary>The run's evidence folder, when the store is one on disk.</summary>
    public string? Directory => (store as EvidenceStore)?.Directory;

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
        Mention(name);
        return name;
    }

    /// <summary>A fixed-name file (evidence/time/...): written in place by an on-disk store, as a numbered file otherwise.</summary>
    public string SaveAt(string relativePath, ReadOnlySpan<byte> content)
    {
        string name = store is EvidenceStore disk
            ? disk.SaveAt(relativePath, content)
            : store.Save(Path.GetFileNameWithoutExtension(relativePath), Path.GetExtension(relativePath), content);
        Mention(name);
        return name;
    }

    public EvidenceCaps Caps => store.Caps;

    public void CapReached(string cap, string detail) => store.CapReached(cap, detail);

    /// <summary>Lists a file saved earlier in the run (by another scenario) as evidence of this one too.</summary>
    public void Mention(string name)
    {
        if (name == EvidenceStore.NotStored)
        {
            return;
        }

        lock (_gate)
        {
            if (!_files.Contains(name))
            {
                _files.Add(name);
            }
        }
    }
}

using Conformance.Runner.Results;

namespace Conformance.Runner.Inspection;

/// <summary>
/// inspect's findings aggregated as files finish: each distinct finding (its label, requirement ids and message) once,
/// with how many files it was found in and the first few of their names. Memory grows with the distinct findings, not
/// with the files.
/// </summary>
public sealed class FindingGroups
{
    /// <summary>File names kept per finding; the rest are only counted.</summary>
    public const int FilesNamed = 5;

    private readonly Dictionary<(string Label, string Ids, string? Message), FindingGroup> _groups = [];
    private readonly List<FindingGroup> _inOrder = [];

    /// <summary>The distinct findings in the order they were first found.</summary>
    public IReadOnlyList<FindingGroup> InOrder => _inOrder;

    /// <summary>"NONCONFORMITY", "OBSERVATION", "INFORMATIVE" for a failed scenario (its grade), "ERROR" and the like otherwise.</summary>
    public static string Label(ScenarioResult s) => s.Status == ScenarioStatus.Failed
        ? (s.EffectiveGrade ?? FindingGrade.Nonconformity).ToText().ToUpperInvariant()
        : s.Status.ToText().ToUpperInvariant();

    /// <summary>Adds the failed and erroneous scenarios of one file.</summary>
    public void Add(InputResult input)
    {
        string name = Path.GetFileName(input.File);
        foreach (ScenarioResult s in input.Scenarios.Where(s => s.Status is ScenarioStatus.Failed or ScenarioStatus.Error))
        {
            var key = (Label(s), string.Join(",", s.RequirementIds), s.Message);
            if (!_groups.TryGetValue(key, out FindingGroup? group))
            {
                group = new FindingGroup(key.Item1, key.Item2, key.Message);
                _groups.Add(key, group);
                _inOrder.Add(group);
            }

            group.FoundIn(name);
        }
    }
}

/// <summary>One distinct finding of an inspection and the files it was found in.</summary>
public sealed class FindingGroup(string label, string requirementIds, string? message)
{
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private readonly List<string> _named = [];

    public string Label { get; } = label;

    /// <summary>The scenario's requirement ids, comma-separated.</summary>
    public string RequirementIds { get; } = requirementIds;

    public string? Message { get; } = message;

    /// <summary>Distinct file names (without folder) the finding was found in.</summary>
    public int FileCount => _files.Count;

    /// <summary>The first <see cref="FindingGroups.FilesNamed"/> of them, in the order found.</summary>
    public IReadOnlyList<string> NamedFiles => _named;

    internal void FoundIn(string fileName)
    {
        if (_files.Add(fileName) && _named.Count < FindingGroups.FilesNamed)
        {
            _named.Add(fileName);
        }
    }
}

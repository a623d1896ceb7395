namespace Conformance.Catalogue;

/// <summary>
/// Which requirements are exercised by at least one scenario. A requirement counts as exercised when a
/// scenario tags it directly, or tags a requirement that <c>refines</c> it (e.g. a scenario tagged
/// TSP-TST-008 exercises EN 319 421 TIS-7.7.2-03, which TSP-TST-008 makes testable).
/// </summary>
public sealed class ScenarioIndex
{
    private readonly HashSet<string> covered = new(StringComparer.Ordinal);

    public ScenarioIndex(Catalogue catalogue, FeatureScan scan)
    {
        ILookup<string, FeatureTag> direct = scan.ByRequirement;
        foreach (var r in catalogue.Requirements.Where(r => direct.Contains(r.Id)))
        {
            covered.Add(r.Id);
            foreach (var target in r.Refines)
            {
                covered.Add(target);
            }
        }
    }

    public bool HasScenario(string requirementId) => covered.Contains(requirementId);
}

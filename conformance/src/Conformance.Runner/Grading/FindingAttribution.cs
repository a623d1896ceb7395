using Conformance.Checks.Outcomes;

namespace Conformance.Runner.Grading;

/// <summary>
/// Gives a finding its requirement ID. The scenario's <c>@req</c> tags are the one source of requirement IDs: every
/// finding a scenario ends with is reported against one of them, or the scenario is a runner error.
/// <list type="bullet">
/// <item>A binding's finding (<see cref="RequirementNotMetException.ForScenario"/>) is reported against the scenario's
/// first tag, or against the tag it names as its key when the scenario carries several.</item>
/// <item>A check of Conformance.Checks names the requirement it embodies; it is reported against that ID, which must be
/// one of the scenario's tags. A scenario that composes another requirement's check either carries that requirement's
/// tag too or calls a check that reports under its own requirement (e.g. the eIDAS Art. 42 checks).</item>
/// </list>
/// A finding naming an ID the scenario is not tagged with, a binding's key or a check's ID, is a runner error: the
/// binding or the feature is wrong, and the target is not judged on that scenario, because a finding under a heading
/// the scenario does not claim would be reported and graded under the wrong requirement.
/// </summary>
public static class FindingAttribution
{
    /// <summary>The requirement a finding is reported against and its text with that ID; or a runner error.</summary>
    /// <param name="RunnerError">Set when the finding names a requirement the scenario is not tagged with; the scenario is then an error.</param>
    public sealed record Attribution(string? RequirementId, string Message, string? RunnerError);

    public static Attribution Of(RequirementNotMetException finding, IReadOnlyList<string> scenarioRequirements) =>
        OutsideTheTags(finding.RequirementId, finding.IsScenarioFinding ? "a step reported a finding against" : "a check reported a finding against",
            finding.Finding, scenarioRequirements)
        ?? Attributed(finding.RequirementId, finding.Finding, scenarioRequirements);

    /// <summary>
    /// The needs-evidence outcome under the requirement the check names, else the scenario's first tag; a named
    /// requirement the scenario is not tagged with is a runner error too (the evidence would be asked for under the
    /// wrong heading).
    /// </summary>
    public static Attribution Of(NeedsAttestedEvidenceException needs, IReadOnlyList<string> scenarioRequirements) =>
        OutsideTheTags(needs.RequirementId, "a check asked for attested evidence for", needs.Finding, scenarioRequirements)
        ?? Attributed(needs.RequirementId, needs.Finding, scenarioRequirements);

    private static Attribution Attributed(string? named, string text, IReadOnlyList<string> scenarioRequirements)
    {
        string? id = named ?? scenarioRequirements.FirstOrDefault();
        return new Attribution(id, RequirementNotMetException.Format(id, text), null);
    }

    private static Attribution? OutsideTheTags(string? named, string what, string text, IReadOnlyList<string> scenarioRequirements)
    {
        if (named is null || scenarioRequirements.Contains(named, StringComparer.Ordinal))
        {
            return null;
        }

        string tags = scenarioRequirements.Count == 0 ? "none" : string.Join(", ", scenarioRequirements);
        string error = $"runner error: {what} {named}, which is not among the scenario's @req tags ({tags}); the finding was: {text}";
        return new Attribution(null, error, error);
    }
}

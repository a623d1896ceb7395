using Conformance.Checks.Outcomes;

namespace Conformance.Runner.Grading;

/// <summary>
/// Gives a finding its requirement ID. The scenario's <c>@req</c> tags are the one source of IDs for what a step binding
/// finds: a binding's finding (<see cref="RequirementNotMetException.ForScenario"/>) is reported against the scenario's
/// first tag, or against the tag it names as its key when the scenario carries several; a key that is not among the
/// tags is a runner error (the binding or the feature is wrong, the target is not judged). A check of
/// Conformance.Checks names the requirement it embodies; a scenario may compose checks of other requirements (e.g. an
/// eIDAS Art. 42 scenario running the CMS signature check), so that ID is kept and the grader says when the scenario is
/// not tagged with it.
/// </summary>
public static class FindingAttribution
{
    /// <summary>The requirement a finding is reported against and its text with that ID; or a runner error.</summary>
    /// <param name="RunnerError">Set when a binding named a requirement the scenario is not tagged with; the scenario is then an error.</param>
    public sealed record Attribution(string? RequirementId, string Message, string? RunnerError);

    public static Attribution Of(RequirementNotMetException finding, IReadOnlyList<string> scenarioRequirements)
    {
        if (!finding.IsScenarioFinding)
        {
            return new Attribution(finding.RequirementId, finding.Message, null);
        }

        if (finding.RequirementId is { } key && !scenarioRequirements.Contains(key, StringComparer.Ordinal))
        {
            string tags = scenarioRequirements.Count == 0 ? "none" : string.Join(", ", scenarioRequirements);
            string error = $"runner error: a step reported a finding against {key}, which is not among the scenario's @req tags ({tags}); "
                + $"the finding was: {finding.Finding}";
            return new Attribution(null, error, error);
        }

        string? id = finding.RequirementId ?? scenarioRequirements.FirstOrDefault();
        return new Attribution(id, RequirementNotMetException.Format(id, finding.Finding), null);
    }

    /// <summary>The needs-evidence message with the requirement the check names, else the scenario's first tag.</summary>
    public static string Describe(NeedsAttestedEvidenceException needs, IReadOnlyList<string> scenarioRequirements) =>
        RequirementNotMetException.Format(needs.RequirementId ?? scenarioRequirements.FirstOrDefault(), needs.Finding);
}

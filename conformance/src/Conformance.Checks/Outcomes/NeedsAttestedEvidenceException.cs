namespace Conformance.Checks.Outcomes;

/// <summary>
/// The requirement cannot be judged from outside with what this run was given (no HSM access, no operator control of
/// the TSA): it is neither passed nor failed. The message says what the auditor should ask the TSP to show instead.
/// Scenarios that throw this end as "needs-evidence". A check names its requirement, which must be among the
/// scenario's <c>@req</c> tags (else the scenario is a runner error); a binding leaves it null and the runner names the
/// scenario's first tag, as for <see cref="RequirementNotMetException.ForScenario"/>.
/// </summary>
public sealed class NeedsAttestedEvidenceException(string? requirementId, string missingAccess, string evidenceToAskFor)
    : Exception(RequirementNotMetException.Format(requirementId, Describe(missingAccess, evidenceToAskFor)))
{
    public string? RequirementId { get; } = requirementId;
    public string EvidenceToAskFor { get; } = evidenceToAskFor;

    /// <summary>The text without a requirement ID.</summary>
    public string Finding { get; } = Describe(missingAccess, evidenceToAskFor);

    private static string Describe(string missingAccess, string evidenceToAskFor) =>
        $"needs attested evidence: {missingAccess}; ask for {evidenceToAskFor}";
}

namespace Conformance.Checks.Outcomes;

/// <summary>
/// The requirement cannot be judged from outside with what this run was given (no HSM access, no operator control of
/// the TSA): it is neither passed nor failed. The message says what the auditor should ask the TSP to show instead.
/// Scenarios that throw this end as "needs-evidence".
/// </summary>
public sealed class NeedsAttestedEvidenceException(string requirementId, string missingAccess, string evidenceToAskFor)
    : Exception($"{requirementId}: needs attested evidence: {missingAccess}; ask for {evidenceToAskFor}")
{
    public string RequirementId { get; } = requirementId;
    public string EvidenceToAskFor { get; } = evidenceToAskFor;
}

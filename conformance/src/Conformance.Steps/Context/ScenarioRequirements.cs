using Conformance.Checks.Outcomes;

namespace Conformance.Steps.Context;

/// <summary>What the catalogue says about one requirement a scenario is tagged with, as bindings need it.</summary>
/// <param name="Citation">Document, version and clause, e.g. "EN319421 V1.3.1 §8.2"; empty when the catalogue has no entry.</param>
/// <param name="Evidence">What an auditor asks the TSP to show when the suite cannot judge the requirement itself.</param>
public sealed record ScenarioRequirement(string Id, string Citation, IReadOnlyList<string> Evidence);

/// <summary>
/// The requirements the scenario is tagged with (<c>@req</c>), in tag order, with their catalogue entries. The host
/// registers one per scenario. Bindings never name requirement IDs: a finding is attributed by the runner, and a
/// binding that needs the requirement's clause or the evidence to ask for reads it here.
/// </summary>
public sealed class ScenarioRequirements(IReadOnlyList<ScenarioRequirement> requirements)
{
    /// <summary>Used when the catalogue lists no evidence for the requirement.</summary>
    public const string DefaultEvidence = "records of the operator's own test of this requirement";

    public IReadOnlyList<ScenarioRequirement> All { get; } = requirements;

    /// <summary>The requirement a finding without a key is attributed to: the first tag.</summary>
    public ScenarioRequirement? Primary => All.Count > 0 ? All[0] : null;

    /// <summary>Whether the scenario is tagged with <paramref name="id"/> (a finding's requirement, a check's ID).</summary>
    public bool Covers(string? id) => id is not null && All.Any(r => r.Id == id);

    /// <summary>The primary requirement's citation; empty when the scenario has none in the catalogue.</summary>
    public string Citation => Primary?.Citation ?? "";

    /// <summary>What to ask the TSP for, from the catalogue's evidence list of the primary requirement.</summary>
    public string EvidenceToAskFor => Primary is { Evidence.Count: > 0 } p ? string.Join("; ", p.Evidence) : DefaultEvidence;

    /// <summary>
    /// Runs a check another requirement owns as a precondition of this scenario (a valid request is granted before its
    /// nonce is judged; the clock gate stops and resumes issuance before the event log is read). When the scenario is
    /// tagged with the check's requirement its finding is the scenario's; otherwise the scenario is not judged (an error
    /// naming that requirement's finding), never a finding under a requirement the scenario does not claim.
    /// </summary>
    /// <param name="failed">What did not happen, e.g. "the valid request this check needs was not granted".</param>
    public T Precondition<T>(Func<T> check, string failed)
    {
        try
        {
            return check();
        }
        catch (RequirementNotMetException finding) when (!Covers(finding.RequirementId))
        {
            throw new TargetErrorException($"not judged: {failed}, which is {finding.RequirementId}'s finding ({finding.Message})", finding);
        }
    }

    /// <inheritdoc cref="Precondition{T}(Func{T}, string)"/>
    public void Precondition(Action check, string failed) => Precondition(() =>
    {
        check();
        return true;
    }, failed);
}

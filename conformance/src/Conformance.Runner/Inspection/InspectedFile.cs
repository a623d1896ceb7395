using Conformance.Runner.Results;

namespace Conformance.Runner.Inspection;

/// <summary>
/// What inspect keeps in memory of one judged file once its results are in report.json: a row of the per-file table
/// (file, token summary, verdict, counts), not its scenarios.
/// </summary>
/// <param name="Errors">Scenarios that could not be checked, plus one when the file itself could not be read.</param>
public sealed record InspectedFile(
    string File, string? Kind, string? Error, string? ResponseStatus, Verdict Verdict, string? VerdictReason, TokenSummary? Token,
    int Nonconformities, int Observations, int Errors)
{
    public static InspectedFile Of(InputResult input) => new(
        input.File, input.Kind, input.Error, input.ResponseStatus, input.Verdict, input.VerdictReason, input.Token,
        input.Scenarios.Count(s => s.EffectiveGrade == FindingGrade.Nonconformity),
        input.Scenarios.Count(s => s.EffectiveGrade == FindingGrade.Observation),
        input.Scenarios.Count(s => s.Status == ScenarioStatus.Error) + (input.Error is null ? 0 : 1));
}

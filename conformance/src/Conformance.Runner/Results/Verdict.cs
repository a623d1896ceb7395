using System.Text.Json.Serialization;

namespace Conformance.Runner.Results;

/// <summary>The overall result; also decides the exit code (0, 1, 2).</summary>
public enum Verdict
{
    [JsonStringEnumMemberName("conformant")] Conformant = 0,
    [JsonStringEnumMemberName("non-conformant")] NonConformant = 1,
    [JsonStringEnumMemberName("incomplete")] Incomplete = 2,
}

public static class VerdictRules
{
    /// <summary>
    /// A finding makes the target non-conformant even if other checks could not run. Otherwise an error, or a mandatory
    /// scenario that did not run, leaves the assessment incomplete; so does a run that checked nothing at all.
    /// </summary>
    public static (Verdict Verdict, string Reason) Decide(IReadOnlyCollection<ScenarioResult> results, IReadOnlyCollection<string> problems)
    {
        var failed = results.Where(r => r.Status == ScenarioStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            return (Verdict.NonConformant, $"{failed.Count} scenario(s) failed: {Ids(failed)}");
        }

        var errors = results.Where(r => r.Status == ScenarioStatus.Error).ToList();
        if (errors.Count > 0)
        {
            return (Verdict.Incomplete, $"{errors.Count} scenario(s) could not be checked: {Ids(errors)}");
        }

        var mandatorySkipped = results.Where(r => r.Status == ScenarioStatus.Skipped && r.Severity == "must").ToList();
        if (mandatorySkipped.Count > 0)
        {
            return (Verdict.Incomplete, $"{mandatorySkipped.Count} mandatory scenario(s) did not run: {Ids(mandatorySkipped)}");
        }

        // Not passed, not failed: a mandatory requirement that could only be shown by attested evidence withholds the verdict.
        var needsEvidence = results.Where(r => r.Status == ScenarioStatus.NeedsEvidence && r.Severity == "must").ToList();
        if (needsEvidence.Count > 0)
        {
            return (Verdict.Incomplete, $"{needsEvidence.Count} mandatory scenario(s) need attested evidence: {Ids(needsEvidence)}");
        }

        if (problems.Count > 0)
        {
            return (Verdict.Incomplete, $"{problems.Count} problem(s) prevented part of the run: {problems.First()}");
        }

        if (!results.Any(r => r.Status == ScenarioStatus.Passed))
        {
            return (Verdict.Incomplete, results.Count == 0 ? "no scenario was selected" : "no scenario could be checked");
        }

        return (Verdict.Conformant, $"all {results.Count(r => r.Status == ScenarioStatus.Passed)} applicable scenario(s) passed");
    }

    private static string Ids(IEnumerable<ScenarioResult> results) =>
        string.Join(", ", results.SelectMany(r => r.RequirementIds.DefaultIfEmpty(r.Name)).Distinct().Take(10));
}

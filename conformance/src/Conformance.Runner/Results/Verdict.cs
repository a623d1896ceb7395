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
    /// A nonconformity makes the target non-conformant even if other checks could not run; observations and informative
    /// findings never do (under --strict the grader has already raised observations to nonconformities). Otherwise an
    /// error, or a mandatory scenario that did not run, leaves the assessment incomplete; so does a run that checked
    /// nothing at all. The reason names the observations, and says when the certificate chain was not checked.
    /// </summary>
    public static (Verdict Verdict, string Reason) Decide(IReadOnlyCollection<ScenarioResult> results, IReadOnlyCollection<string> problems, bool strict = false)
    {
        string notes = Notes(results, strict);
        var nonconformities = results.Where(r => r.EffectiveGrade == FindingGrade.Nonconformity).ToList();
        if (nonconformities.Count > 0)
        {
            return (Verdict.NonConformant, $"{nonconformities.Count} nonconformit{(nonconformities.Count == 1 ? "y" : "ies")}: {Ids(nonconformities)}{notes}");
        }

        var errors = results.Where(r => r.Status == ScenarioStatus.Error).ToList();
        if (errors.Count > 0)
        {
            return (Verdict.Incomplete, $"{errors.Count} scenario(s) could not be checked: {Ids(errors)}{notes}");
        }

        var mandatorySkipped = results.Where(r => r.Status == ScenarioStatus.Skipped && r.Severity == "must").ToList();
        if (mandatorySkipped.Count > 0)
        {
            return (Verdict.Incomplete, $"{mandatorySkipped.Count} mandatory scenario(s) did not run: {Ids(mandatorySkipped)}{notes}");
        }

        // Not passed, not failed: a mandatory requirement that could only be shown by attested evidence withholds the verdict.
        var needsEvidence = results.Where(r => r.Status == ScenarioStatus.NeedsEvidence && r.Severity == "must").ToList();
        if (needsEvidence.Count > 0)
        {
            return (Verdict.Incomplete, $"{needsEvidence.Count} mandatory scenario(s) need attested evidence: {Ids(needsEvidence)}{notes}");
        }

        if (problems.Count > 0)
        {
            return (Verdict.Incomplete, $"{problems.Count} problem(s) prevented part of the run: {problems.First()}{notes}");
        }

        if (!results.Any(r => r.Status == ScenarioStatus.Passed))
        {
            return (Verdict.Incomplete, (results.Count == 0 ? "no scenario was selected" : "no scenario could be checked") + notes);
        }

        int passed = results.Count(r => r.Status == ScenarioStatus.Passed);
        return (Verdict.Conformant, results.Any(r => r.Status == ScenarioStatus.Failed)
            ? $"no nonconformity ({passed} applicable scenario(s) passed){notes}"
            : $"all {passed} applicable scenario(s) passed{notes}");
    }

    /// <summary>What the reason adds whatever the verdict: observations, informative findings, and an unchecked chain.</summary>
    private static string Notes(IReadOnlyCollection<ScenarioResult> results, bool strict)
    {
        var notes = new List<string>();
        var observations = results.Where(r => r.EffectiveGrade == FindingGrade.Observation).ToList();
        if (observations.Count > 0)
        {
            notes.Add($"{observations.Count} observation(s): {Ids(observations)}");
        }

        var informative = results.Where(r => r.EffectiveGrade == FindingGrade.Informative).ToList();
        if (informative.Count > 0)
        {
            notes.Add($"{informative.Count} informative finding(s): {Ids(informative)}");
        }

        if (strict && results.Any(r => r.Grade == FindingGrade.Nonconformity && r.Findings.Any(f => f.Grade == FindingGrade.Observation)))
        {
            notes.Add("--strict: observations counted as nonconformities");
        }

        if (ChainNotChecked(results))
        {
            notes.Add(ChainNotCheckedNote);
        }

        if (SignatureNotChecked(results))
        {
            notes.Add(SignatureNotCheckedNote);
        }

        return notes.Count == 0 ? "" : "; " + string.Join("; ", notes);
    }

    /// <summary>Said on the verdict of every format when the TSU certificate's path to a trust anchor was not validated.</summary>
    public const string ChainNotCheckedNote = "chain not checked: no trust anchors given";

    /// <summary>The path-validation check (TSP-CERT-009) ran but found no trust anchor to validate against.</summary>
    public static bool ChainNotChecked(IEnumerable<ScenarioResult> results) => results.Any(r =>
        r.Status == ScenarioStatus.NotApplicable && r.RequirementIds.Contains(ChainRequirementId, StringComparer.Ordinal)
        && r.Message?.Contains("no trust anchors", StringComparison.OrdinalIgnoreCase) == true);

    public const string ChainRequirementId = "TSP-CERT-009";

    /// <summary>Said on the verdict when no token's signature could be verified because no TSU certificate was at hand.</summary>
    public const string SignatureNotCheckedNote = "signature not checked: the token carries no TSU certificate (certReq ignored, or a bare token without one)";

    /// <summary>The signature check (TSP-CMS-010) found no TSU certificate to verify with, and no run of it passed.</summary>
    public static bool SignatureNotChecked(IEnumerable<ScenarioResult> results)
    {
        var signature = results.Where(r => r.RequirementIds.Contains(SignatureRequirementId, StringComparer.Ordinal)).ToList();
        return signature.Any(r => r.Status == ScenarioStatus.NotApplicable && r.Message?.Contains("no certificates", StringComparison.OrdinalIgnoreCase) == true)
            && !signature.Any(r => r.Status == ScenarioStatus.Passed);
    }

    public const string SignatureRequirementId = "TSP-CMS-010";

    private static string Ids(IEnumerable<ScenarioResult> results) =>
        string.Join(", ", results.SelectMany(r => r.RequirementIds.DefaultIfEmpty(r.Name)).Distinct().Take(10));
}

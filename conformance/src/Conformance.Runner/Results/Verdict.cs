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
    public static (Verdict Verdict, string Reason) Decide(IReadOnlyCollection<ScenarioResult> results, IReadOnlyCollection<string> problems, bool strict = false) =>
        VerdictTally.Of(results).Decide(problems, strict);

    /// <summary>Said on the verdict of every format when the TSU certificate's path to a trust anchor was not validated.</summary>
    public const string ChainNotCheckedNote = "chain not checked: no trust anchors given";

    /// <summary>The path-validation check (TSP-CERT-009) ran but found no trust anchor to validate against.</summary>
    public static bool ChainNotChecked(IEnumerable<ScenarioResult> results) => results.Any(IsChainNotChecked);

    /// <summary>This result is the path-validation check finding no trust anchor.</summary>
    public static bool IsChainNotChecked(ScenarioResult r) =>
        r.Status == ScenarioStatus.NotApplicable && r.RequirementIds.Contains(ChainRequirementId, StringComparer.Ordinal)
        && r.Message?.Contains("no trust anchors", StringComparison.OrdinalIgnoreCase) == true;

    public const string ChainRequirementId = "TSP-CERT-009";

    /// <summary>Said on the verdict when no token's signature could be verified because no TSU certificate was at hand.</summary>
    public const string SignatureNotCheckedNote = "signature not checked: the token carries no TSU certificate (certReq ignored, or a bare token without one)";

    /// <summary>The signature check (TSP-CMS-010) found no TSU certificate to verify with, and no run of it passed.</summary>
    public static bool SignatureNotChecked(IEnumerable<ScenarioResult> results) => VerdictTally.Of(results).SignatureNotChecked;

    public const string SignatureRequirementId = "TSP-CMS-010";
}

using System.Text.RegularExpressions;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>
/// TSP-QTS-008. EN 319 421 TIS-8.1-02 (its note): esi4-qtstStatement-1 in a token is only an indication that the TSA
/// claims the token is qualified; the qualified status itself is shown by the EU trusted list (TSP-QTS-006, its own
/// scenario, which runs when trusted lists are supplied). The suite's only sentence about a token's qualified status is <see cref="Describe"/>, and it is checked
/// never to state the status as a fact.
/// </summary>
public static partial class QualifiedClaimWording
{
    private const string Id = "TSP-QTS-008";

    /// <summary>How the suite words what a token says about its qualified status.</summary>
    public static string Describe(TimeStampToken token) => QualifiedRequirements.DeclaresQualified(token)
        ? "the token declares itself qualified (esi4-qtstStatement-1 in its qcStatements); its qualified status is decided by the EU "
          + "trusted list (TSP-QTS-006, its own check, run when trusted lists are supplied)"
        : "the token does not declare itself qualified (no esi4-qtstStatement-1)";

    /// <summary>Fails when <paramref name="wording"/> states that a token is qualified instead of that it declares itself so.</summary>
    public static void DoesNotClaimQualifiedStatus(string wording)
    {
        if (Overclaim().Match(wording) is { Success: true } match)
        {
            throw new RequirementNotMetException(Id, "the report calls a token qualified on the strength of its qcStatement alone",
                "'declares itself qualified', with the trusted list named as the proof", $"\"{match.Value}\" in: {wording}");
        }

        if (wording.Contains("declares itself qualified", StringComparison.Ordinal) && !wording.Contains("trusted list", StringComparison.Ordinal))
        {
            throw new RequirementNotMetException(Id, "the report gives the qualified declaration without saying the trusted list decides",
                "a pointer to the EU trusted list (TSP-QTS-006)", wording);
        }
    }

    // "is a qualified (electronic) time stamp", "is qualified", "qualified token: yes" -- statements of status, not of a claim.
    [GeneratedRegex(@"\b(is|are)\s+(an?\s+)?qualified\b|\bqualified (token|time[- ]stamp)\s*:\s*yes\b", RegexOptions.IgnoreCase)]
    private static partial Regex Overclaim();
}

using Conformance.Checks.Outcomes;

namespace Conformance.Checks.Requirements;

/// <summary>
/// A requirement judged by running the checks of other requirements (eIDAS Art. 42(1)(a) and (c) over the CMS, TSTInfo
/// and certificate checks). A part that fails is a finding of the composing requirement: the scenario that claims it
/// reports the finding under that heading and grades it by that requirement, and the text names the part's own
/// requirement. The parts' own scenarios judge them under their own IDs.
/// </summary>
internal static class ComposedRequirement
{
    /// <summary>Runs <paramref name="part"/>; its finding is rethrown as a finding of <paramref name="requirementId"/>.</summary>
    public static void Part(string requirementId, Action part)
    {
        try
        {
            part();
        }
        catch (RequirementNotMetException finding)
        {
            throw finding.AsPartOf(requirementId);
        }
    }
}

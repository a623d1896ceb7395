using System.Text;
using Conformance.Checks.Requirements;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// What a qualified token proves: TSP-QTS-008 (the run words its qualified status as a declaration; the trusted list
/// decides) and EIDAS-ART42-1-A (a change to the stamped data is detected).
/// </summary>
[Binding]
public sealed class QualifiedClaimSteps(TimeStampingState state, ScenarioEvidence evidence)
{
    [Then("the run words the token's qualified status as the TSA's declaration, leaving the status to the EU trusted list")]
    public void ThenTheClaimIsWordedAsADeclaration()
    {
        string wording = QualifiedClaimWording.Describe(state.Token);
        evidence.Save(evidence.Label + "-qualified-claim", "txt", Encoding.UTF8.GetBytes(wording + "\n"));
        QualifiedClaimWording.DoesNotClaimQualifiedStatus(wording);
    }

    /// <summary>EIDAS-ART42-1-A: the binding of time and data is tamper-evident.</summary>
    [Then("a copy of the token whose stamped imprint is changed no longer verifies")]
    public void ThenAlterationIsDetected() => TamperEvidenceRequirements.AlteredImprintIsDetected(state.Token);
}

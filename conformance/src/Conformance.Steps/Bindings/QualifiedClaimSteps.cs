using System.Text;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Requirements;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// What a qualified token proves: TSP-QTS-008 (the run words its qualified status as a declaration; the trusted list
/// decides), EIDAS-ART42-1-A (time bound to the data, a change detected) and EIDAS-ART42-1-C (sealed by the TSP). The
/// eIDAS checks compose the CMS, TSTInfo and certificate checks and report under their own requirement.
/// </summary>
[Binding]
public sealed class QualifiedClaimSteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence)
{
    [Then("the run words the token's qualified status as the TSA's declaration, leaving the status to the EU trusted list")]
    public void ThenTheClaimIsWordedAsADeclaration()
    {
        string wording = QualifiedClaimWording.Describe(state.Token);
        evidence.Save(evidence.Label + "-qualified-claim", "txt", Encoding.UTF8.GetBytes(wording + "\n"));
        QualifiedClaimWording.DoesNotClaimQualifiedStatus(wording);
    }

    [Then("the token stamps the request's imprint under signed attributes and a signature that bind it to the TSTInfo")]
    public void ThenTimeIsBoundToTheData() => TamperEvidenceRequirements.TimeIsBoundToTheData(
        state.TokenRequest ?? throw new NotApplicableException("the request of a stored token is not known"), state.Token);

    [Then("a copy of the token whose stamped imprint is changed no longer verifies")]
    public void ThenAlterationIsDetected() => TamperEvidenceRequirements.AlteredImprintIsDetected(state.Token);

    [Then("the token is sealed by the TSU: its signature verifies, and its certificate names a legal person and chains to a declared trust anchor at genTime")]
    public void ThenSealedByTheTsp() => QualifiedSealRequirements.SealedByTheTsp(state.Token, service.Declarations.TrustAnchors);
}

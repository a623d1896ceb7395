using Conformance.Checks.Requirements;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>Outcome steps about the token and its TSTInfo. They work the same on a fresh and on a stored token.</summary>
[Binding]
public sealed class TokenSteps(TimeStampingState state)
{
    [Then("the token's nonce equals the request's nonce")]
    public void ThenTheNonceIsEchoed() =>
        RequestRequirements.NonceIsEchoed(state.TokenRequest ?? state.Request, TokenRequirements.RequireTstInfo(state.Token, "TSP-REQ-002"));

    [Then("the token carries no certificates")]
    public void ThenTheTokenCarriesNoCertificates() =>
        RequestRequirements.NoCertificatesUnlessRequested(state.TokenRequest ?? state.Request, state.Token);

    [Then("the token's TSTInfo version is 1")]
    public void ThenTheVersionIsOne() =>
        TokenRequirements.VersionIsOne(TokenRequirements.RequireTstInfo(state.Token, "TSP-TST-001"));

    [Then("the token's accuracy is present and at most {int} second(s)")]
    public void ThenTheAccuracyIsAtMost(int seconds) =>
        TokenRequirements.AccuracyIsPresentAndAtMost(TokenRequirements.RequireTstInfo(state.Token, "TSP-TST-008"), TimeSpan.FromSeconds(seconds));
}

using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>Outcome steps about the token and its TSTInfo. They work the same on a fresh and on a stored token.</summary>
[Binding]
public sealed class TokenSteps(ServiceUnderTest service, TimeStampingState state)
{
    /// <summary>TSP-REQ-002 and TSP-TST-011 share this step: the finding is the scenario's requirement.</summary>
    [Then("the token's nonce equals the request's nonce")]
    public void ThenTheNonceIsEchoed() =>
        RequestRequirements.NonceIsEchoed(state.TokenRequest ?? state.Request, Tst());

    [Then("the token carries no certificates")]
    public void ThenTheTokenCarriesNoCertificates() =>
        RequestRequirements.NoCertificatesUnlessRequested(state.TokenRequest ?? state.Request, state.Token);

    [Then("the token's TSTInfo version is 1")]
    public void ThenTheVersionIsOne() =>
        TokenRequirements.VersionIsOne(Tst());

    [Then("the token's accuracy is present and at most {int} second(s)")]
    public void ThenTheAccuracyIsAtMost(int seconds) =>
        TokenRequirements.AccuracyIsPresentAndAtMost(Tst(), TimeSpan.FromSeconds(seconds));

    /// <summary>The token's TSTInfo; without one, a finding against the scenario's requirement.</summary>
    private TstInfo Tst() => TokenRequirements.RequireTstInfo(state.Token);

    [Then("the token's policy is one the TSA declares")]
    public void ThenPolicyDeclared() =>
        TstInfoRequirements.PolicyIsDeclared(Tst(), [.. service.Declarations.PolicyOids, .. service.Declarations.QualifiedPolicyOids]);

    [Then("the token's message imprint equals the request's")]
    public void ThenImprintMatches() =>
        TstInfoRequirements.ImprintMatchesRequest(state.TokenRequest ?? throw new NotApplicableException("the request of a stored token is not known"), Tst());

    [Then("the token's serial number is positive and at most 160 bits long")]
    public void ThenSerialSize() => TstInfoRequirements.SerialIsPositiveAndAtMost160Bits(Tst());

    [Then("the token's genTime is written in the RFC 3161 format")]
    public void ThenGenTimeFormat() => TstInfoRequirements.GenTimeIsWellFormed(Tst());

    [Then("the token's genTime is as precise as its accuracy requires")]
    public void ThenGenTimePrecision() => TstInfoRequirements.GenTimePrecisionSupportsAccuracy(Tst());

    [Then("the token's accuracy parts are within their ranges")]
    public void ThenAccuracyRanges() => TstInfoRequirements.AccuracyPartsInRange(Tst());

    [Then("the token does not claim ordering")]
    public void ThenNoOrdering() => TstInfoRequirements.OrderingIsFalse(Tst());

    [Then("the token has no critical extension")]
    public void ThenNoCriticalExtension() => TstInfoRequirements.NoCriticalExtension(Tst());

    /// <summary>The series of requests, one per policy (declared or the profile's), and whether a declared one was asked for.</summary>
    [Then("every granted token carries the policy that was requested, and at least one declared policy is granted")]
    public void ThenRequestedPolicies() => RequestSeriesRequirements.RequestedPoliciesHonoured(state.Series,
        state.Series.Any(s => s.Variation.EndsWith($"({RequestSteps.DeclaredPolicy})", StringComparison.Ordinal)));

    [Then("the token carries the TSU certificate the signing-certificate attribute references")]
    public void ThenCertificatesIncludeTsu() => RequestRequirements.CertificatesIncludeTheTsuCertificate(state.Token);

    [Then("the token carries nothing that identifies the requester")]
    public void ThenNoRequesterData() => RequestRequirements.TokenCarriesNoRequesterData(state.TokenRequest ?? state.Request, Tst());

    [Then("every token has a serial number not seen before in this run")]
    public void ThenSerialsUnique() => RequestSeriesRequirements.SerialsUnique(state.Series, service.Serials);
}

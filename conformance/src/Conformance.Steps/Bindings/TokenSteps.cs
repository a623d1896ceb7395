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

    /// <summary>
    /// Every granted token carries the policy its request named, and at least one declared policy is granted (a TSA
    /// may serve some of its declared policies at another endpoint only).
    /// </summary>
    [Then("every granted token carries the policy that was requested, and at least one declared policy is granted")]
    public void ThenRequestedPolicies()
    {
        var granted = state.Series.Where(s => s.Exchange.Response is { IsGranted: true, Token: not null }).ToList();
        foreach ((string _, var exchange) in granted)
        {
            RequestRequirements.RequestedPolicyIsHonoured(exchange.Request, TokenRequirements.RequireTstInfo(exchange.Response!.Token!));
        }

        if (granted.Count == 0)
        {
            string answers = string.Join("; ", state.Series.Select(s => $"{s.Variation}: {s.Exchange.Response?.Describe() ?? s.Exchange.Http.Describe()}"));
            if (!state.Series.Any(s => s.Variation.EndsWith($"({RequestSteps.DeclaredPolicy})", StringComparison.Ordinal)))
            {
                // Only the profile's policy was asked for and refused: a TSA whose own policy incorporates it may do so
                // (EN 319 422 Annex A). Nothing the TSA claims was refused; say what it answered.
                throw new NotApplicableException($"the TSA refused the profile's policy and the target declares none of its own (policy-oids): {answers}");
            }

            throw RequirementNotMetException.ForScenario("none of the declared policies was granted when requested",
                "at least one declared policy granted", answers);
        }
    }

    [Then("the token carries the TSU certificate the signing-certificate attribute references")]
    public void ThenCertificatesIncludeTsu() => RequestRequirements.CertificatesIncludeTheTsuCertificate(state.Token);

    [Then("the token carries nothing that identifies the requester")]
    public void ThenNoRequesterData() => RequestRequirements.TokenCarriesNoRequesterData(state.TokenRequest ?? state.Request, Tst());

    [Then("every token has a serial number not seen before in this run")]
    public void ThenSerialsUnique()
    {
        int granted = 0;
        foreach ((string variation, var exchange) in state.Series)
        {
            if (exchange.Response is { IsGranted: true, Token: { } token })
            {
                granted++;
                service.Serials.Record(token, $"{variation} ({string.Join(", ", exchange.EvidenceFiles.Where(f => f.EndsWith(".tst", StringComparison.Ordinal)))})");
            }
        }

        if (granted == 0)
        {
            state.Series.FirstOrDefault().Exchange?.RequireResponse();
            throw new TargetErrorException("none of the requests was granted, so no serial numbers could be compared");
        }

        if (granted < state.Series.Count)
        {
            // The serials of the granted tokens are unique (a repeat would have been the finding above), but the check is
            // about all of the requests: say how many were judged and what the others got.
            var refused = state.Series.Where(s => s.Exchange.Response is not { IsGranted: true, Token: not null }).ToList();
            string answers = string.Join("; ", refused.Select(s => s.Exchange.Response?.Describe() ?? s.Exchange.Http.Describe()).Distinct().Take(3));
            throw new TargetErrorException($"not fully judged: {granted} of {state.Series.Count} requests were granted and their serial numbers are all different; "
                + $"{refused.Count} got no token ({answers})");
        }
    }
}

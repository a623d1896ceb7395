using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>Preparing and sending time-stamp requests.</summary>
[Binding]
public sealed class RequestSteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence)
{
    /// <summary>Chooses the endpoint: "non-qualified" or "qualified" (not applicable when the target declares none).</summary>
    [Given("the {word} time-stamping service")]
    public void GivenTheService(string which) =>
        state.Url = which switch
        {
            "qualified" => service.RequireQualifiedUrl(),
            "non-qualified" => service.IsOffline || service.NonQualifiedUrl is null
                ? throw new NotApplicableException(service.IsOffline
                    ? "needs a live time-stamping service"
                    : "no non-qualified URL is declared for this target (--url or url in the target file)")
                : service.NonQualifiedUrl,
            _ => throw new ArgumentException($"Unknown service '{which}' in the feature; use 'non-qualified' or 'qualified'."),
        };

    [Given("a time-stamp request for a random {word} digest")]
    public void GivenARequestForARandomDigest(string hash) =>
        state.Request = TimeStampRequest.ForRandomDigest(ParseHash(hash));

    [Given("the request carries a random {int}-bit nonce")]
    public void GivenTheRequestCarriesARandomNonce(int bits) =>
        state.Request = state.Request with { Nonce = TimeStampRequest.RandomNonce(bits) };

    [Given("the request does not ask for the TSA's certificate")]
    public void GivenTheRequestDoesNotAskForTheCertificate() =>
        state.Request = state.Request with { CertReq = null };

    [Given("the request explicitly declines the TSA's certificate")]
    public void GivenTheRequestDeclinesTheCertificate() =>
        state.Request = state.Request with { CertReq = false };

    [Given("the request asks for the TSA's certificate")]
    public void GivenTheRequestAsksForTheCertificate() =>
        state.Request = state.Request with { CertReq = true };

    [When("the request is sent to the time-stamping service")]
    public async Task WhenTheRequestIsSent()
    {
        var client = service.RequireClient();
        state.Exchange = await client.RequestAsync(state.Url ?? service.DefaultUrl, state.Request, evidence, evidence.Label, service.CancellationToken);
    }

    [When("a time-stamp is requested for a random {word} digest")]
    public async Task WhenATimeStampIsRequested(string hash)
    {
        GivenARequestForARandomDigest(hash);
        await WhenTheRequestIsSent();
    }

    /// <summary>
    /// The token-level scenarios start here. Online, a fresh token is requested (random digest, 64-bit nonce, certReq
    /// TRUE so that the TSU certificate is at hand); offline, the stored token is used.
    /// </summary>
    [Given("a time-stamp token from the time-stamping service")]
    public async Task GivenATokenFromTheService()
    {
        if (service.StoredToken is { } stored)
        {
            state.Token = stored.Token ?? throw new TargetErrorException(stored.Error ?? $"{stored.Path}: no token could be decoded");
            return;
        }

        state.Request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with
        {
            Nonce = TimeStampRequest.RandomNonce(64),
            CertReq = true,
        };
        await WhenTheRequestIsSent();
        TimeStampResponse response = state.Exchange.RequireResponse();
        if (!response.IsGranted || response.Token is null)
        {
            throw new TargetErrorException(
                $"POST {state.Url ?? service.DefaultUrl}: no token was obtained to examine (status {response.StatusText}{(response.TokenError is null ? "" : "; " + response.TokenError)})");
        }

        state.Token = response.Token;
        state.TokenRequest = state.Request;
    }

    private static HashAlgorithmInfo ParseHash(string text) =>
        HashAlgorithmInfo.TryParse(text, out HashAlgorithmInfo? algorithm)
            ? algorithm!
            : throw new ArgumentException($"Unknown hash algorithm '{text}' in the feature; known: {string.Join(", ", HashAlgorithmInfo.Known.Select(a => a.Name))}.");
}

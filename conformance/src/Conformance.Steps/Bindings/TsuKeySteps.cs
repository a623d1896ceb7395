using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// The TSU behind each endpoint: a token "issued by the non-qualified / qualified TSU" for the certificate scenarios,
/// and TSP-CERT-015 (one active key per TSU) over a series of tokens from every declared endpoint.
/// </summary>
[Binding]
public sealed class TsuKeySteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence)
{
    private readonly List<TsuKeyRequirements.SignedSample> _samples = [];

    /// <summary>
    /// Online: a fresh token (SHA-256, 64-bit nonce, certReq TRUE) from the named endpoint. Offline: the stored token,
    /// under the row that matches what it declares (qualified or not), so each stored token is examined once.
    /// </summary>
    [Given("a time-stamp token issued by the {word} TSU")]
    public Task GivenATokenFromTheTsu(string which)
    {
        bool qualified = which switch
        {
            "qualified" => true,
            "non-qualified" => false,
            _ => throw new ArgumentException($"Unknown TSU '{which}' in the feature; use 'non-qualified' or 'qualified'."),
        };

        if (service.StoredToken is { } stored)
        {
            if (stored.WithoutToken is { } why)
            {
                throw new NotApplicableException(why);
            }

            TimeStampToken token = stored.Token ?? throw new TargetErrorException(stored.Error ?? $"{stored.Path}: no token could be decoded");
            if (QualifiedRequirements.DeclaresQualified(token) != qualified)
            {
                throw new NotApplicableException($"{stored.Path} {(qualified ? "does not declare" : "declares")} itself qualified; it is examined under the {(qualified ? "non-qualified" : "qualified")} row");
            }

            state.Token = token;
            return Task.CompletedTask;
        }

        return RequestFromTheTsuAsync(qualified);
    }

    /// <summary>Online: a fresh token from the endpoint of the chosen TSU (stored tokens are taken synchronously, above).</summary>
    private async Task RequestFromTheTsuAsync(bool qualified)
    {
        Uri url = qualified ? service.RequireQualifiedUrl()
            : service.NonQualifiedUrl ?? throw new NotApplicableException("no non-qualified URL is declared for this target (--url or url in the target file)");
        var request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { Nonce = TimeStampRequest.RandomNonce(64), CertReq = true };
        TimeStampExchange exchange = await service.RequireClient().RequestAsync(url, request, evidence, evidence.Label, service.CancellationToken);
        TimeStampResponse response = exchange.RequireResponse();
        if (!response.IsGranted || response.Token is null)
        {
            throw new TargetErrorException($"POST {url}: no token was obtained to examine (status {response.StatusText}{(response.TokenError is null ? "" : "; " + response.TokenError)})");
        }

        state.Url = url;
        state.Exchange = exchange;
        state.Request = request;
        state.TokenRequest = request;
        state.Token = response.Token;
    }

    [When("{int} tokens are requested in turn from each declared service")]
    public async Task WhenTokensAreSampled(int count)
    {
        var urls = new[] { service.NonQualifiedUrl, service.QualifiedUrl }.OfType<Uri>().ToList();
        if (service.IsOffline || urls.Count == 0)
        {
            throw new NotApplicableException("needs a live time-stamping service");
        }

        for (int i = 1; i <= count; i++)
        {
            foreach (Uri url in urls)
            {
                var request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { CertReq = true };
                TimeStampExchange exchange = await service.RequireClient().RequestAsync(url, request, evidence, $"{evidence.Label}-{i}", service.CancellationToken);
                DateTimeOffset received = DateTimeOffset.UtcNow;
                if (exchange.Response is { IsGranted: true, Token: { } token } && token.FindSignerCertificate() is { } signer)
                {
                    _samples.Add(new TsuKeyRequirements.SignedSample(received, $"{url} token {i}", signer));
                }
            }
        }
    }

    [Then("tokens signed under one TSU name never alternate between signing keys")]
    public void ThenOneActiveKey() => TsuKeyRequirements.OneActiveKeyPerTsu(_samples);
}

using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>EU-qualified time stamps (EN 319 422 §9.1, EN 319 421 §8): the qualified endpoint, its tokens and its separation from the other one.</summary>
[Binding]
public sealed class QualifiedSteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence)
{
    /// <summary>
    /// Online: a fresh token from the qualified endpoint (SHA-256, nonce, certReq TRUE). Offline: the stored token, if
    /// it declares itself qualified (otherwise the scenario does not apply to it).
    /// </summary>
    [Given("a time-stamp token from the qualified time-stamping service")]
    public Task GivenAQualifiedToken()
    {
        // Stored: synchronous, so a not-applicable is thrown directly rather than carried by a task (inspect, per file).
        if (service.StoredToken is { } stored)
        {
            if (stored.WithoutToken is { } why)
            {
                throw new NotApplicableException(why);
            }

            TimeStampToken token = stored.Token ?? throw new TargetErrorException(stored.Error ?? $"{stored.Path}: no token could be decoded");
            if (!QualifiedRequirements.DeclaresQualified(token))
            {
                throw new NotApplicableException($"{stored.Path} does not declare itself qualified (no esi4-qtstStatement-1)");
            }

            state.Token = token;
            return Task.CompletedTask;
        }

        return RequestAQualifiedTokenAsync();
    }

    private async Task RequestAQualifiedTokenAsync()
    {
        state.Url = service.RequireQualifiedUrl();
        state.Token = await RequestTokenAsync(state.Url, TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { Nonce = TimeStampRequest.RandomNonce(64), CertReq = true });
    }

    [Then("the token has exactly one qcStatements extension")]
    public void ThenOneQcStatements() => QualifiedRequirements.HasOneQcStatementsExtension(TokenRequirements.RequireTstInfo(state.Token));

    [Then("the qcStatements extension holds only the EU qualified time-stamp statement")]
    public void ThenEsi4() => QualifiedRequirements.QcStatementIsEsi4(TokenRequirements.RequireTstInfo(state.Token));

    [Then("the qcStatements extension is not critical")]
    public void ThenNotCritical() => QualifiedRequirements.QcStatementsNotCritical(TokenRequirements.RequireTstInfo(state.Token));

    [When("the qualified service is asked for tokens with every declared policy, hash algorithm and certificate choice")]
    public async Task WhenQualifiedVariations() => await SendVariationsAsync(service.RequireQualifiedUrl(), withHashes: true);

    [Then("every token it grants is declared qualified and signed by the same TSU")]
    public void ThenAllQualified()
    {
        if (!state.Series.Any(s => s.Exchange.Response is not null))
        {
            state.Series.FirstOrDefault().Exchange?.RequireResponse();
        }

        QualifiedRequirements.EveryTokenIsQualified([.. state.Series.Where(s => s.Exchange.Response is not null).Select(s => (s.Variation, s.Exchange.Response!))]);
    }

    [When("both services are asked for tokens with every declared policy")]
    public async Task WhenBothServices()
    {
        Uri qualified = service.RequireQualifiedUrl();
        Uri nonQualified = service.NonQualifiedUrl ?? throw new NotApplicableException("no non-qualified URL is declared for this target");
        state.OtherToken = await RequestTokenAsync(qualified, TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { CertReq = true });
        state.Token = await RequestTokenAsync(nonQualified, TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { CertReq = true });
        await SendVariationsAsync(nonQualified, withHashes: false);
    }

    [Then("the two services use TSUs with different subject names and the non-qualified one issues no qualified token")]
    public void ThenSeparated()
    {
        X509Certificate2 nonQualified = CmsRequirements.RequireSignerCertificate(state.Token);
        X509Certificate2 qualified = CmsRequirements.RequireSignerCertificate(state.OtherToken!);
        QualifiedRequirements.ServicesAreSeparated(nonQualified, qualified, [.. state.Series.Where(s => s.Exchange.Response is not null).Select(s => (s.Variation, s.Exchange.Response!))]);
    }

    private async Task<TimeStampToken> RequestTokenAsync(Uri url, TimeStampRequest request)
    {
        TimeStampExchange exchange = await service.RequireClient().RequestAsync(url, request, evidence, evidence.Label, service.CancellationToken);
        TimeStampResponse response = exchange.RequireResponse();
        if (!response.IsGranted || response.Token is null)
        {
            throw new TargetErrorException($"POST {url}: no token was obtained to examine (status {response.StatusText}{(response.TokenError is null ? "" : "; " + response.TokenError)})");
        }

        state.TokenRequest = request;
        return response.Token;
    }

    private async Task SendVariationsAsync(Uri url, bool withHashes)
    {
        var policies = new List<string?> { null };
        policies.AddRange(service.Declarations.PolicyOids.Concat(service.Declarations.QualifiedPolicyOids).Distinct());
        var hashes = withHashes ? DeclaredHashes(service) : [HashAlgorithmInfo.Sha256];
        foreach (string? policy in policies)
        {
            foreach (HashAlgorithmInfo hash in hashes)
            {
                foreach (bool? certReq in new bool?[] { null, true })
                {
                    var request = TimeStampRequest.ForRandomDigest(hash) with { RequestedPolicy = policy, CertReq = certReq };
                    string variation = $"{url} reqPolicy {policy ?? "absent"}, {hash.Name}, certReq {(certReq is null ? "absent" : "TRUE")}";
                    TimeStampExchange exchange = await service.RequireClient().RequestAsync(url, request, evidence, evidence.Label, service.CancellationToken);
                    state.Series.Add((variation, exchange));
                }
            }
        }
    }

    internal static IReadOnlyList<HashAlgorithmInfo> DeclaredHashes(ServiceUnderTest service)
    {
        var declared = service.Declarations.SupportedHashes
            .Select(h => HashAlgorithmInfo.TryParse(h, out HashAlgorithmInfo? a) ? a : null).OfType<HashAlgorithmInfo>().ToList();
        return declared.Count > 0 ? declared : HashAlgorithmInfo.Known;
    }
}

using System.Text;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// TSP-HTTP-003: each declared service over HTTPS. A declared https:// URL is used as it is; for an http:// one the
/// same host and path is tried with https on the default port. The TLS version and the server certificate's validity
/// are recorded as evidence for every service.
/// </summary>
[Binding]
public sealed class HttpsSteps(ServiceUnderTest service, ScenarioEvidence evidence)
{
    private readonly List<(TlsObservation Tls, TimeStampExchange Exchange)> _answers = [];
    private readonly List<RequirementNotMetException> _unreachable = [];

    [When("a time-stamp is requested over HTTPS from every declared service")]
    public async Task WhenRequestedOverHttps()
    {
        TsaClient client = service.RequireClient();
        foreach (Uri declared in new[] { service.NonQualifiedUrl, service.QualifiedUrl }.OfType<Uri>())
        {
            Uri https = HttpsRequirements.HttpsCounterpart(declared);
            TlsObservation tls;
            try
            {
                tls = await TlsObservation.ObserveAsync(https, client.Http.Options, service.CancellationToken);
            }
            catch (TargetErrorException e) when (https != declared)
            {
                // Only http:// was declared and nothing speaks TLS at the https counterpart: HTTPS is not offered.
                evidence.Save(evidence.Label + "-tls", "txt", Encoding.UTF8.GetBytes($"{declared} declared; {https}: {e.Message}\n"));
                _unreachable.Add(HttpsRequirements.NotReachable(declared, https, e.Message));
                continue;
            }

            evidence.Save(evidence.Label + "-tls", "txt", Encoding.UTF8.GetBytes(tls.Describe()));
            if (!tls.CertificateValid && !client.Http.Options.InsecureSkipServerCertificateValidation)
            {
                // The suite's own client would refuse this server; the recorded observation is the whole answer.
                HttpsRequirements.HttpsExchangeIsSound(tls, exchange: null);
            }

            var request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { Nonce = TimeStampRequest.RandomNonce(64) };
            _answers.Add((tls, await client.RequestAsync(https, request, evidence, evidence.Label, service.CancellationToken)));
        }
    }

    [Then("every service grants it over TLS 1.2 or later with a server certificate valid for its host")]
    public void ThenHttpsIsSound()
    {
        if (_unreachable.Count > 0)
        {
            throw _unreachable[0];
        }

        if (_answers.Count == 0)
        {
            throw new NotApplicableException("no URL is declared for this target");
        }

        foreach ((TlsObservation tls, TimeStampExchange exchange) in _answers)
        {
            HttpsRequirements.HttpsExchangeIsSound(tls, exchange);
        }
    }
}

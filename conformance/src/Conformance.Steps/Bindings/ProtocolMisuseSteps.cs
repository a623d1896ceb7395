using System.Text;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>TSP-HTTP-004: requests outside RFC 3161 §3.4 (a GET, a POST with another media type) never get a token.</summary>
[Binding]
public sealed class ProtocolMisuseSteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence)
{
    private readonly List<(string What, HttpExchange? Exchange, string? NoAnswer)> _probes = [];

    [When("the time-stamping service is sent a GET, and a valid request labelled application\\/octet-stream")]
    public async Task WhenMisusedRequestsAreSent()
    {
        Uri url = state.Url ?? service.DefaultUrl;
        TsaClient client = service.RequireClient();

        // The control: a proper request must be granted, or refusing the others would prove nothing.
        TimeStampExchange control = await client.RequestAsync(url, TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256), evidence, evidence.Label, service.CancellationToken);
        if (control.RequireResponse() is not { IsGranted: true })
        {
            throw new TargetErrorException($"POST {url} with a valid request was not granted ({control.Response!.StatusText}), so refusals of other requests prove nothing");
        }

        byte[] body = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256).Encode();
        await ProbeAsync($"GET {url}", () => client.Http.SendAsync(HttpMethod.Get, url, null, ReadOnlyMemory<byte>.Empty, evidence, evidence.Label + "-get", service.CancellationToken));
        await ProbeAsync($"POST {url} of a valid TimeStampReq as application/octet-stream",
            () => client.Http.SendAsync(HttpMethod.Post, url, "application/octet-stream", body, evidence, evidence.Label + "-octet-stream", service.CancellationToken));
    }

    [Then("neither is answered with a granted time-stamp token")]
    public void ThenNoTokenIsGranted()
    {
        foreach ((string what, HttpExchange? exchange, string? _) in _probes)
        {
            if (exchange is not null)
            {
                ProtocolMisuseRequirements.NoTokenIsGranted(exchange, what);
            }
        }
    }

    private async Task ProbeAsync(string what, Func<Task<HttpExchange>> send)
    {
        try
        {
            _probes.Add((what, await send(), null));
        }
        catch (TargetErrorException e)
        {
            // No HTTP answer at all (the connection was closed): no token either. Recorded, not judged.
            evidence.Save(evidence.Label + "-no-answer", "txt", Encoding.UTF8.GetBytes($"{what}: {e.Message}\n"));
            _probes.Add((what, null, e.Message));
        }
    }
}

using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;

namespace Conformance.Runner.Preflight;

/// <summary>What the pre-flight found for one declared endpoint.</summary>
/// <param name="Url">The endpoint.</param>
/// <param name="Problem">Why no scenario can usefully run against it; null when it answered with a TimeStampResp.</param>
/// <param name="Note">Something worth saying that does not stop the run (e.g. the valid request was rejected).</param>
public sealed record PreflightEndpoint(Uri Url, string? Problem, string? Note);

/// <summary>The pre-flight of a run: one line per endpoint; <see cref="Passed"/> when every endpoint answered.</summary>
public sealed record PreflightResult(IReadOnlyList<PreflightEndpoint> Endpoints)
{
    public bool Passed => Endpoints.All(e => e.Problem is null);

    /// <summary>One message naming every endpoint that failed and why.</summary>
    public string Message => string.Join("; ", Endpoints.Where(e => e.Problem is not null).Select(e => e.Problem));
}

/// <summary>
/// Before any scenario runs: each declared endpoint gets one valid RFC 3161 request (SHA-256 imprint, nonce, certReq).
/// The run stops when an endpoint cannot be reached, its TLS handshake or server certificate fails, it answers with an
/// HTTP status other than 200, or its body is not a TimeStampResp: then no scenario could judge anything but the
/// transport, and a report full of identical errors helps nobody. A TimeStampResp that refuses the request does not
/// stop the run (that is a finding the scenarios judge), it is only noted.
/// Time bounds are tighter than the run's own (connect 4 s, exchange 6 s) and the endpoints are tried concurrently, so an
/// unreachable target is reported within 10 seconds.
/// </summary>
public static class TargetPreflight
{
    public static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan ExchangeLimit = TimeSpan.FromSeconds(6);

    public static async Task<PreflightResult> CheckAsync(TargetDefinition target, CancellationToken cancellationToken = default)
    {
        TsaHttpOptions options = target.Http with
        {
            ConnectTimeout = Min(target.Http.ConnectTimeout, ConnectLimit),
            RequestTimeout = Min(target.Http.RequestTimeout, ExchangeLimit),
            MaxRequestsPerSecond = null,
        };
        Uri[] urls = new[] { target.Url, target.QualifiedUrl }.OfType<Uri>().Distinct().ToArray();
        using var http = new TsaHttpClient(options);
        var client = new TsaClient(http);
        PreflightEndpoint[] endpoints = await Task.WhenAll(urls.Select(u => CheckOneAsync(client, u, cancellationToken))).ConfigureAwait(false);
        return new PreflightResult(endpoints);
    }

    private static async Task<PreflightEndpoint> CheckOneAsync(TsaClient client, Uri url, CancellationToken cancellationToken)
    {
        TimeStampRequest request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { CertReq = true };
        TimeStampExchange exchange;
        try
        {
            exchange = await client.RequestAsync(url, request, evidence: null, "preflight", cancellationToken).ConfigureAwait(false);
        }
        catch (TargetErrorException e)
        {
            return new PreflightEndpoint(url, e.Message, null);
        }

        if ((int)exchange.Http.StatusCode != 200)
        {
            return new PreflightEndpoint(url, $"{exchange.Http.Describe()}; a valid time-stamp request must get HTTP 200 (check the URL, authentication and access rules)", null);
        }

        if (exchange.Response is not { } response)
        {
            return new PreflightEndpoint(url, $"{exchange.Http.Describe()}: not a TimeStampResp ({exchange.DecodeError}); is this the time-stamping endpoint?", null);
        }

        return response.IsGranted
            ? new PreflightEndpoint(url, null, null)
            : new PreflightEndpoint(url, null, $"POST {url} refused a valid SHA-256 request: {response.StatusText}; the scenarios judge it");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

using Conformance.Checks.Evidence;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Transport;

/// <summary>RFC 3161 over HTTP (§3.4): sends a TimeStampReq, decodes whatever comes back, captures it all as evidence.</summary>
public sealed class TsaClient(TsaHttpClient http)
{
    public TsaHttpClient Http { get; } = http;

    /// <summary>
    /// Sends the request. Throws <see cref="Outcomes.TargetErrorException"/> only when no HTTP answer was obtained;
    /// an HTTP error or an undecodable body is returned in the exchange for the checks to judge.
    /// </summary>
    public async Task<TimeStampExchange> RequestAsync(
        Uri url, TimeStampRequest request, IEvidenceSink? evidence, string label, CancellationToken cancellationToken = default)
    {
        HttpExchange exchange = await Http.SendAsync(HttpMethod.Post, url, TsaMediaTypes.Query, request.Encode(), evidence, label, cancellationToken)
            .ConfigureAwait(false);

        var files = new List<string>(exchange.EvidenceFiles);
        TimeStampResponse? response = null;
        string? error = null;
        if (exchange.Body.IsEmpty)
        {
            error = "the body is empty";
        }
        else if (TimeStampResponse.TryDecode(exchange.Body, out response, out error) && evidence is not null)
        {
            files.AddRange(TokenEvidence.Save(evidence, label, response!.TokenBytes, response.Token));
        }

        return new TimeStampExchange { Request = request, Http = exchange, Response = response, DecodeError = error, EvidenceFiles = files };
    }
}

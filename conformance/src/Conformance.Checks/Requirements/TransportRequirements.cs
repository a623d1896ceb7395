using Conformance.Checks.Outcomes;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Requirements;

/// <summary>Transport requirements: RFC 3161 §3.4, EN 319 422 §7.</summary>
public static class TransportRequirements
{
    /// <summary>
    /// TSP-HTTP-001. RFC 3161 §3.4: a TimeStampReq POSTed as application/timestamp-query is answered with a DER
    /// TimeStampResp as application/timestamp-reply. (The RFC's closing sentence says "-response" by mistake; only
    /// "-reply" is accepted.)
    /// </summary>
    public static void ReplyIsDerWithTimestampReplyMediaType(TimeStampExchange exchange)
    {
        const string id = "TSP-HTTP-001";
        var response = exchange.RequireResponse();
        if (exchange.Http.StatusCode != System.Net.HttpStatusCode.OK)
        {
            // RFC 3161 §3.4 carries the TimeStampResp as the answer to the POST; a client need not accept any other
            // 2xx (201 Created announces a resource the protocol does not have, 204/206 do not carry the full body).
            throw new RequirementNotMetException(id, "the time-stamp response does not come with HTTP 200",
                "HTTP 200", $"HTTP {(int)exchange.Http.StatusCode} {exchange.Http.ReasonPhrase}");
        }

        if (exchange.Http.ContentType != TsaMediaTypes.Reply)
        {
            throw new RequirementNotMetException(id, "the time-stamp response is not labelled with the RFC 3161 media type",
                TsaMediaTypes.Reply, exchange.Http.ContentTypeHeader ?? "no Content-Type header");
        }

        if (response.EncodingFindings.Count > 0)
        {
            throw new RequirementNotMetException(id, "the body is not exactly one DER-encoded TimeStampResp",
                "strict DER, no trailing bytes", string.Join("; ", response.EncodingFindings));
        }
    }

    /// <summary>
    /// TSP-HTTP-002. RFC 3161 §3.4: the server answers a valid request with a TimeStampResp or with an HTTP error,
    /// never with another kind of document under a success status (an HTML page with 200, say).
    /// </summary>
    public static void SuccessStatusCarriesTimeStampResponse(TimeStampExchange exchange)
    {
        const string id = "TSP-HTTP-002";
        if (!exchange.Http.IsSuccessStatus)
        {
            // An HTTP error is allowed by the requirement, but it leaves nothing to judge: the check could not be made.
            throw new TargetErrorException($"{exchange.Http.Describe()}; a valid request was refused, so the answer could not be judged");
        }

        if (exchange.Response is null)
        {
            throw new RequirementNotMetException(id,
                $"{exchange.Http.Method} {exchange.Http.Url} answered a valid request with HTTP {(int)exchange.Http.StatusCode} and a body that is not a time-stamp response",
                "a TimeStampResp or an HTTP error status",
                $"{exchange.Http.ContentTypeHeader ?? "no content type"}, {exchange.Http.Body.Length} bytes: {exchange.DecodeError}");
        }
    }

    /// <summary>
    /// TSP-HTTP-001 for refusals: when a request is refused with a TimeStampResp (rather than an HTTP error), that
    /// answer too is exactly one DER TimeStampResp under HTTP 200 and application/timestamp-reply; a BER failInfo is
    /// the typical slip. A refusal as an HTTP 4xx without a TimeStampResp leaves nothing to judge.
    /// </summary>
    public static void RefusalIsDerWithTimestampReplyMediaType(TimeStampExchange exchange)
    {
        if ((int)exchange.Http.StatusCode is >= 400 and < 500 && exchange.Response is null)
        {
            throw new NotApplicableException($"{exchange.Http.Describe()}: the refusal is an HTTP client error without a time-stamp response, so there is no encoding to judge");
        }

        // Anything else without a TimeStampResp (a 5xx, a page under 200) could not be judged: RequireResponse says so.

        ReplyIsDerWithTimestampReplyMediaType(exchange);
    }
}

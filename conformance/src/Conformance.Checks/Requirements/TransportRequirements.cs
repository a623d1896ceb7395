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
}

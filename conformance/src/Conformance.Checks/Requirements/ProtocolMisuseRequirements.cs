using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Requirements;

/// <summary>
/// TSP-HTTP-004 (robustness, designed by the project): RFC 3161 §3.4 defines one way to ask for a time stamp over
/// HTTP, a POST of application/timestamp-query. Anything else (a GET, or a POST labelled with another media type) must
/// not be honoured with a token: an HTTP error or a TimeStampResp rejection are both fine.
/// </summary>
public static class ProtocolMisuseRequirements
{
    private const string Id = "TSP-HTTP-004";

    /// <summary>Passes on an HTTP error, on a success status without a granted token, and on a rejection.</summary>
    public static void NoTokenIsGranted(HttpExchange exchange, string what)
    {
        if (!exchange.IsSuccessStatus || exchange.Body.IsEmpty)
        {
            return;
        }

        if (TimeStampResponse.TryDecode(exchange.Body, out TimeStampResponse? response, out _) && response!.IsGranted && response.TokenBytes is not null)
        {
            throw new RequirementNotMetException(Id, $"{what} was answered with a granted time-stamp token",
                "an HTTP error (405, 415, 400) or a TimeStampResp rejection",
                $"HTTP {(int)exchange.StatusCode}, {exchange.ContentTypeHeader ?? "no content type"}, {response.StatusText} with a token");
        }
    }
}

using System.Globalization;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Requirements;

/// <summary>Request handling: RFC 3161 §2.4.1/§2.4.2, EN 319 422 §5.1.</summary>
public static class RequestRequirements
{
    /// <summary>
    /// TSP-REQ-001. RFC 3161 §2.4.2: "When the status contains the value zero or one, a TimeStampToken MUST be
    /// present." A valid v1 request with a SHA-256 imprint is expected to be granted.
    /// </summary>
    public static TimeStampToken RequestIsGranted(TimeStampExchange exchange)
    {
        const string id = "TSP-REQ-001";
        TimeStampResponse response = exchange.RequireResponse();
        if (!response.IsGranted)
        {
            string reason = response.FailInfo is { } failInfo ? $", failInfo {failInfo}" : "";
            string text = response.StatusStrings.Count > 0 ? $", statusString \"{string.Join(" ", response.StatusStrings)}\"" : "";
            throw new RequirementNotMetException(id, "a valid request was not granted", "granted (0) or grantedWithMods (1)", response.StatusText + reason + text);
        }

        if (response.TokenBytes is null)
        {
            throw new RequirementNotMetException(id, "the response grants the request but carries no TimeStampToken", "a TimeStampToken", "none");
        }

        return response.Token ?? throw new RequirementNotMetException(id, "the TimeStampToken in the granted response cannot be decoded",
            "a CMS SignedData holding a TSTInfo", response.TokenError);
    }

    /// <summary>
    /// TSP-REQ-002. EN 319 422 §5.1.2: the nonce shall be supported; RFC 3161 §2.4.2: when the request has a nonce,
    /// the TSTInfo "MUST" carry the same value.
    /// </summary>
    public static void NonceIsEchoed(TimeStampRequest request, TstInfo tstInfo)
    {
        const string id = "TSP-REQ-002";
        if (request.Nonce is not { } sent)
        {
            throw new InvalidOperationException("The scenario sent no nonce; add a nonce step before sending the request.");
        }

        if (tstInfo.Nonce is not { } received)
        {
            throw new RequirementNotMetException(id, "the token carries no nonce although the request had one",
                sent.ToString(CultureInfo.InvariantCulture), "no nonce");
        }

        if (received != sent)
        {
            throw new RequirementNotMetException(id, "the token's nonce differs from the request's",
                sent.ToString(CultureInfo.InvariantCulture), received.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// TSP-REQ-004. RFC 3161 §2.4.1: "If the certReq field is missing or if the certReq field is present and set
    /// to false then the certificates field MUST NOT be present in the response."
    /// </summary>
    public static void NoCertificatesUnlessRequested(TimeStampRequest request, TimeStampToken token)
    {
        const string id = "TSP-REQ-004";
        if (request.CertReq == true)
        {
            throw new InvalidOperationException("The scenario asked for certificates; TSP-REQ-004 concerns requests without certReq.");
        }

        if (token.HasCertificatesField)
        {
            throw new RequirementNotMetException(id, "the token carries a certificates field although the request did not ask for it",
                "no certificates field in SignedData", $"certificates field with {token.Certificates.Count} entr{(token.Certificates.Count == 1 ? "y" : "ies")}");
        }
    }
}

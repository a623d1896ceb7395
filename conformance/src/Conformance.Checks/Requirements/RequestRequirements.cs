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
    /// TSP-REQ-002 and TSP-TST-011 (the finding is the scenario's). EN 319 422 §5.1.2: the nonce shall be supported;
    /// RFC 3161 §2.4.2: when the request has a nonce, the TSTInfo "MUST" carry the same value.
    /// </summary>
    public static void NonceIsEchoed(TimeStampRequest request, TstInfo tstInfo)
    {
        if (request.Nonce is not { } sent)
        {
            throw new InvalidOperationException("The scenario sent no nonce; add a nonce step before sending the request.");
        }

        if (tstInfo.Nonce is not { } received)
        {
            throw RequirementNotMetException.ForScenario("the token carries no nonce although the request had one",
                sent.ToString(CultureInfo.InvariantCulture), "no nonce");
        }

        if (received != sent)
        {
            throw RequirementNotMetException.ForScenario("the token's nonce differs from the request's",
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

    /// <summary>
    /// TSP-REQ-003. RFC 3161 §2.4.1, EN 319 422 §5.1.2: with certReq TRUE, SignedData.certificates holds the TSU
    /// certificate that the signing-certificate attribute references (other certificates may accompany it).
    /// </summary>
    public static void CertificatesIncludeTheTsuCertificate(TimeStampToken token)
    {
        const string id = "TSP-REQ-003";
        SignerInfo signer = CmsRequirements.RequireSigner(token, id);
        IReadOnlyList<EssCertId> ids = CmsRequirements.SigningCertificateIds(signer, id);
        if (ids.Count == 0)
        {
            throw new RequirementNotMetException(id, "the token has no signing-certificate attribute to find the TSU certificate by", "an ESSCertID(v2)", "none");
        }

        EssCertId first = ids[0];
        bool found = token.X509Certificates.Any(c => CmsRequirements.ComputeHash(id, first.HashAlgorithmOid, c.RawData).AsSpan().SequenceEqual(first.CertHash.Span));
        if (!found)
        {
            throw new RequirementNotMetException(id, "SignedData.certificates lacks the TSU certificate although certReq was TRUE",
                $"a certificate with {first.HashAlgorithmOid} hash {Convert.ToHexString(first.CertHash.Span)}",
                token.HasCertificatesField ? $"{token.X509Certificates.Count} certificate(s): {string.Join("; ", token.X509Certificates.Select(c => c.Subject))}" : "no certificates field");
        }
    }

    /// <summary>TSP-REQ-005. EN 319 422 §5.1.2, RFC 3161 §2.4.2: a requested, supported policy is the token's policy.</summary>
    public static void RequestedPolicyIsHonoured(TimeStampRequest request, TstInfo tst)
    {
        if (request.RequestedPolicy is { } requested && tst.Policy != requested)
        {
            throw new RequirementNotMetException("TSP-REQ-005", "the token's policy differs from the requested one", requested, tst.Policy);
        }
    }

    /// <summary>TSP-REQ-014. RFC 3161 §2.1(6)/(8): the TSA stamps the imprint as given, without judging its content.</summary>
    public static void ImprintIsStampedAsGiven(TimeStampExchange exchange)
    {
        const string id = "TSP-REQ-014";
        TimeStampResponse response = exchange.RequireResponse();
        if (!response.IsGranted || response.Token?.TstInfo is not { } tst)
        {
            throw new RequirementNotMetException(id, "a well-formed imprint was not stamped", "granted, with a token",
                response.StatusText + (response.FailInfo is { } f ? $", failInfo {f}" : ""));
        }

        if (!tst.HashedMessage.Span.SequenceEqual(exchange.Request.HashedMessage.Span))
        {
            throw new RequirementNotMetException(id, "the stamped imprint differs from the one sent",
                Convert.ToHexString(exchange.Request.HashedMessage.Span), Convert.ToHexString(tst.HashedMessage.Span));
        }
    }

    /// <summary>
    /// TSP-REQ-015 (heuristic). RFC 3161 §2.1(9): the token identifies nothing about the requester. Observable part:
    /// without a nonce in the request the token carries none, and with one it carries exactly that value.
    /// </summary>
    public static void TokenCarriesNoRequesterData(TimeStampRequest request, TstInfo tst)
    {
        if (request.Nonce is null && tst.Nonce is { } nonce)
        {
            throw new RequirementNotMetException("TSP-REQ-015", "the token carries a nonce the requester did not send", "no nonce",
                nonce.ToString(CultureInfo.InvariantCulture));
        }

        if (request.Nonce is { } sent && tst.Nonce != sent)
        {
            throw new RequirementNotMetException("TSP-REQ-015", "the token carries another nonce than the one sent", sent.ToString(CultureInfo.InvariantCulture),
                tst.Nonce?.ToString(CultureInfo.InvariantCulture) ?? "none");
        }
    }
}

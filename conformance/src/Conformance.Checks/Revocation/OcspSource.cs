using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Evidence;
using Conformance.Checks.Transport;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Conformance.Checks.Revocation;

/// <summary>
/// OCSP (RFC 6960) for the TSU certificate: one request per responder the certificate's AIA names, the response's
/// signature checked against the issuing CA or a responder it authorised (id-kp-OCSPSigning), and the status read.
/// </summary>
public static class OcspSource
{
    private const string OcspSigning = "1.3.6.1.5.5.7.3.9";

    /// <summary>
    /// Asks <paramref name="responder"/>. Returns the answer, or null with <paramref name="problem"/> set when no usable
    /// answer came back (unreachable, not successful, unsigned by an authorised party, no entry for the certificate).
    /// </summary>
    public static async Task<(RevocationAnswer? Answer, string? Problem)> AskAsync(Uri responder, X509Certificate2 certificate, X509Certificate2 issuer,
        TsaHttpClient http, IEvidenceSink? evidence, string label, CancellationToken cancellationToken)
    {
        BcCertificate bcIssuer = DotNetUtilities.FromX509Certificate(issuer);
        // SHA-1 in CertID is what RFC 5019 responders expect; it only names the certificate, it protects nothing.
#pragma warning disable CS0618 // the string-based CertificateID constructor is the one BouncyCastle 2.x documents
        var id = new CertificateID(CertificateID.HashSha1, bcIssuer, new Org.BouncyCastle.Math.BigInteger(certificate.SerialNumberBytes.ToArray()));
#pragma warning restore CS0618
        var generator = new OcspReqGenerator();
        generator.AddRequest(id);
        byte[] request = generator.Generate().GetEncoded();
        HttpExchange exchange;
        try
        {
            exchange = await http.SendAsync(HttpMethod.Post, responder, "application/ocsp-request", request, evidence, label + "-ocsp", cancellationToken).ConfigureAwait(false);
        }
        catch (Outcomes.TargetErrorException e)
        {
            return (null, e.Message);
        }

        if (!exchange.IsSuccessStatus)
        {
            return (null, exchange.Describe());
        }

        try
        {
            var response = new OcspResp(exchange.Body.ToArray());
            if (response.Status != OcspRespStatus.Successful)
            {
                return (null, $"OCSP {responder}: responseStatus {response.Status} (not successful)");
            }

            if (response.GetResponseObject() is not BasicOcspResp basic)
            {
                return (null, $"OCSP {responder}: not a basic OCSP response");
            }

            if (!SignedByAuthorisedResponder(basic, bcIssuer))
            {
                return (null, $"OCSP {responder}: the response is signed neither by {issuer.Subject} nor by a responder it authorised");
            }

            SingleResp? single = basic.Responses.FirstOrDefault(r => r.GetCertID().Equals(id));
            if (single is null)
            {
                return (null, $"OCSP {responder}: the response has no entry for serial {certificate.SerialNumber}");
            }

            string source = $"OCSP {responder} (thisUpdate {single.ThisUpdate:O})";
            return single.GetCertStatus() switch
            {
                null => (new RevocationAnswer(source, false, null, null, "good"), null),
                RevokedStatus revoked => (new RevocationAnswer(source, true, new DateTimeOffset(DateTime.SpecifyKind(revoked.RevocationTime, DateTimeKind.Utc)),
                    revoked.HasRevocationReason ? revoked.RevocationReason : null,
                    $"revoked at {revoked.RevocationTime:O}, {CrlReasons.Name(revoked.HasRevocationReason ? revoked.RevocationReason : null)}"), null),
                _ => (null, $"OCSP {responder}: status unknown for serial {certificate.SerialNumber}"),
            };
        }
        catch (Exception e) when (e is OcspException or IOException or ArgumentException or InvalidCastException or Org.BouncyCastle.Asn1.Asn1Exception)
        {
            return (null, $"OCSP {responder}: the response cannot be decoded: {e.Message}");
        }
    }

    private static bool SignedByAuthorisedResponder(BasicOcspResp basic, BcCertificate issuer)
    {
        if (Verifies(basic, issuer))
        {
            return true;
        }

        foreach (BcCertificate responder in basic.GetCerts())
        {
            bool issuedByCa;
            try
            {
                responder.Verify(issuer.GetPublicKey());
                issuedByCa = true;
            }
            catch (Exception e) when (e is InvalidKeyException or SignatureException or Org.BouncyCastle.Security.Certificates.CertificateException)
            {
                issuedByCa = false;
            }

            if (issuedByCa && responder.GetExtendedKeyUsage()?.Any(p => p.Id == OcspSigning) == true && Verifies(basic, responder))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Verifies(BasicOcspResp basic, BcCertificate signer)
    {
        try
        {
            return basic.Verify(signer.GetPublicKey());
        }
        catch (OcspException)
        {
            return false;
        }
    }
}

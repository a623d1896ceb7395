using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Conformance.Checks.Protocol;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace Conformance.Checks.Revocation;

/// <summary>
/// A CRL (RFC 5280 §5) for the TSU certificate: decoded with BouncyCastle (independent of .NET's own chain engine),
/// its signature checked with the issuer's key, its issuer and freshness judged, and the certificate looked up in it.
/// </summary>
public sealed class CrlSource
{
    private readonly X509Crl _crl;

    private CrlSource(X509Crl crl, string origin, byte[] encoded)
    {
        _crl = crl;
        Origin = origin;
        Encoded = encoded;
    }

    /// <summary>The file or URL it came from.</summary>
    public string Origin { get; }

    public byte[] Encoded { get; }

    public DateTimeOffset ThisUpdate => new(DateTime.SpecifyKind(_crl.ThisUpdate, DateTimeKind.Utc));

    public DateTimeOffset? NextUpdate => _crl.NextUpdate is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null;

    public string Issuer => _crl.IssuerDN.ToString();

    /// <summary>Reads a CRL in DER or PEM. Returns false with a message naming <paramref name="origin"/> when it is not one.</summary>
    public static bool TryRead(byte[] bytes, string origin, out CrlSource? crl, out string? error)
    {
        crl = null;
        error = null;
        byte[] der = bytes;
        string text = Encoding.ASCII.GetString(bytes);
        if (text.Contains("-----BEGIN X509 CRL-----", StringComparison.Ordinal))
        {
            try
            {
                PemFields fields = PemEncoding.Find(text);
                der = Convert.FromBase64String(text[fields.Base64Data]);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                error = $"{origin}: the PEM block is damaged: {e.Message}";
                return false;
            }
        }

        try
        {
            X509Crl? parsed = new X509CrlParser().ReadCrl(der);
            if (parsed is null)
            {
                error = $"{origin}: no CRL found ({bytes.Length} bytes)";
                return false;
            }

            crl = new CrlSource(parsed, origin, der);
            return true;
        }
        catch (Exception e) when (e is CrlException or ArgumentException or InvalidCastException or IOException or Asn1Exception or FormatException)
        {
            error = $"{origin}: not a CRL: {e.Message}";
            return false;
        }
    }

    public bool IsIssuedBy(X509Certificate2 certificate) => CertificateMatching.SameName(_crl.IssuerDN.GetEncoded(), certificate.IssuerName.RawData);

    /// <summary>True when the CRL's signature verifies with <paramref name="issuer"/>'s public key.</summary>
    public bool SignatureVerifies(X509Certificate2 issuer, out string detail)
    {
        try
        {
            _crl.Verify(DotNetUtilities.FromX509Certificate(issuer).GetPublicKey());
            detail = "";
            return true;
        }
        catch (Exception e) when (e is InvalidKeyException or SignatureException or CrlException or ArgumentException or SecurityUtilityException or InvalidOperationException)
        {
            detail = $"{e.GetType().Name}: {e.Message}";
            return false;
        }
    }

    /// <summary>The entry for <paramref name="certificate"/>, or a not-revoked answer.</summary>
    public RevocationAnswer Lookup(X509Certificate2 certificate)
    {
        var serial = new Org.BouncyCastle.Math.BigInteger(certificate.SerialNumberBytes.ToArray()); // big-endian two's complement, as in DER
        X509CrlEntry? entry = _crl.GetRevokedCertificate(serial);
        string source = $"CRL {Origin} (thisUpdate {ThisUpdate:O})";
        if (entry is null)
        {
            return new RevocationAnswer(source, false, null, null, $"serial {certificate.SerialNumber} is not listed");
        }

        int? reason = null;
        if (entry.GetExtensionValue(X509Extensions.ReasonCode) is { } value)
        {
            reason = DerEnumerated.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).IntValueExact;
        }

        var when = new DateTimeOffset(DateTime.SpecifyKind(entry.RevocationDate, DateTimeKind.Utc));
        return new RevocationAnswer(source, true, when, reason, $"serial {certificate.SerialNumber} revoked at {when:O}, {CrlReasons.Name(reason)}");
    }
}

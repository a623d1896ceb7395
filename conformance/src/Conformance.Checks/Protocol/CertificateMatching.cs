using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Checks.Protocol;

/// <summary>Matching certificates against the identifiers CMS and ESS use (RFC 5652 §5.3, RFC 2634 §5.4, RFC 5035).</summary>
public static class CertificateMatching
{
    public static bool MatchesSid(X509Certificate2 certificate, SignerInfo signer)
    {
        if (signer.SidIssuer is { } issuer && signer.SidSerial is { } serial)
        {
            // The serial first: a certificate with another serial is not the signer's, whatever its issuer, and comparing
            // names that differ in their encoding renders both (an OpenSSL lookup per attribute).
            return SerialOf(certificate) == new BigInteger(serial.Span, isUnsigned: false, isBigEndian: true) && SameName(issuer.Span, certificate.IssuerName.RawData);
        }

        return signer.SidSubjectKeyIdentifier is { } ski
            && certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault() is { } ext
            && ext.SubjectKeyIdentifierBytes.Span.SequenceEqual(ski.Span);
    }

    public static BigInteger SerialOf(X509Certificate2 certificate) =>
        new(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true);

    /// <summary>Names compare equal when their encodings are identical or their RFC 4514 renderings are (case-insensitive).</summary>
    public static bool SameName(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.SequenceEqual(b))
        {
            return true;
        }

        try
        {
            return string.Equals(new X500DistinguishedName(a).Name, new X500DistinguishedName(b).Name, StringComparison.OrdinalIgnoreCase);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static byte[] Hash(string hashOid, ReadOnlySpan<byte> data) => hashOid switch
    {
        Oids.Sha1 => SHA1.HashData(data),
        Oids.Sha256 => SHA256.HashData(data),
        Oids.Sha384 => SHA384.HashData(data),
        Oids.Sha512 => SHA512.HashData(data),
        Oids.Sha3_256 when SHA3_256.IsSupported => SHA3_256.HashData(data),
        Oids.Sha3_384 when SHA3_384.IsSupported => SHA3_384.HashData(data),
        Oids.Sha3_512 when SHA3_512.IsSupported => SHA3_512.HashData(data),
        _ => throw new NotSupportedException($"hash algorithm {hashOid} is not supported by this checker"),
    };

    public static HashAlgorithmName? HashName(string hashOid) => hashOid switch
    {
        Oids.Sha1 => HashAlgorithmName.SHA1,
        Oids.Sha256 => HashAlgorithmName.SHA256,
        Oids.Sha384 => HashAlgorithmName.SHA384,
        Oids.Sha512 => HashAlgorithmName.SHA512,
        Oids.Sha3_256 => HashAlgorithmName.SHA3_256,
        Oids.Sha3_384 => HashAlgorithmName.SHA3_384,
        Oids.Sha3_512 => HashAlgorithmName.SHA3_512,
        _ => null,
    };

    /// <summary>The extension value of <paramref name="oid"/>, or null.</summary>
    public static X509Extension? Extension(X509Certificate2 certificate, string oid) =>
        certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == oid);

    public static int CountExtensions(X509Certificate2 certificate, string oid) =>
        certificate.Extensions.Cast<X509Extension>().Count(e => e.Oid?.Value == oid);

    /// <summary>The privateKeyUsagePeriod extension (RFC 5280 §4.2.1.4 of RFC 3280; 2.5.29.16): notBefore [0], notAfter [1].</summary>
    public static (DateTimeOffset? NotBefore, DateTimeOffset? NotAfter)? PrivateKeyUsagePeriod(X509Certificate2 certificate)
    {
        if (Extension(certificate, Oids.PrivateKeyUsagePeriod) is not { } ext)
        {
            return null;
        }

        var reader = new AsnReader(ext.RawData, AsnEncodingRules.BER);
        AsnReader seq = reader.ReadSequence();
        DateTimeOffset? notBefore = null, notAfter = null;
        var tag0 = new Asn1Tag(TagClass.ContextSpecific, 0);
        var tag1 = new Asn1Tag(TagClass.ContextSpecific, 1);
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(tag0))
        {
            notBefore = seq.ReadGeneralizedTime(tag0);
        }

        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(tag1))
        {
            notAfter = seq.ReadGeneralizedTime(tag1);
        }

        return (notBefore, notAfter);
    }
}

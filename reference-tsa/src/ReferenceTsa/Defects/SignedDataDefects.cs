using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Defects;

/// <summary>
/// CMS SignedData defects: the values a faulty token builder would write (Issuance/TimeStampTokenBuilder consults
/// this). Each returns the conformant value when its defect is not active.
/// </summary>
public static class SignedDataDefects
{
    public const string IdData = "1.2.840.113549.1.7.1";
    public const string SigningCertificateV1Attribute = "1.2.840.113549.1.9.16.2.12";
    public const string SigningTimeAttribute = "1.2.840.113549.1.9.5";

    public static string ContentType(ActiveDefects defects) => defects.Has(DefectCatalogue.ContentTypeNotSignedData) ? IdData : Oids.SignedData;

    public static string EContentType(ActiveDefects defects) => defects.Has(DefectCatalogue.EContentTypeData) ? IdData : Oids.TstInfo;

    /// <summary>SignedData.version: 3 because eContentType is not id-data (RFC 5652 §5.1).</summary>
    public static int SignedDataVersion(ActiveDefects defects) => defects.Has(DefectCatalogue.SignedDataVersion1) ? 1 : 3;

    /// <summary>SignerInfo.version: 1 because sid is issuerAndSerialNumber (RFC 5652 §5.3).</summary>
    public static int SignerInfoVersion(ActiveDefects defects) => defects.Has(DefectCatalogue.SignerInfoVersion3) ? 3 : 1;

    public static int SignerInfoCount(ActiveDefects defects) => defects.Has(DefectCatalogue.TwoSignerInfos) ? 2 : 1;

    /// <summary>The octets the message-digest attribute is computed over.</summary>
    public static byte[] DigestedContent(byte[] tstInfoDer, ActiveDefects defects)
    {
        if (!defects.Has(DefectCatalogue.MessageDigestWrong))
        {
            return tstInfoDer;
        }

        byte[] changed = (byte[])tstInfoDer.Clone();
        changed[^1] ^= 0x01;
        return changed;
    }

    public static byte[] Signature(byte[] signature, ActiveDefects defects)
    {
        if (defects.Has(DefectCatalogue.SignatureInvalid))
        {
            signature = (byte[])signature.Clone();
            signature[signature.Length / 2] ^= 0x10;
        }

        return signature;
    }

    /// <summary>The digest algorithm CMSAlgorithmProtection names: the SignerInfo's, or another one with the defect.</summary>
    public static DigestAlgorithm ProtectedDigest(DigestAlgorithm signerDigest, ActiveDefects defects) =>
        !defects.Has(DefectCatalogue.AlgorithmProtectionMismatch) ? signerDigest
        : signerDigest == DigestAlgorithm.Sha512 ? DigestAlgorithm.Sha256 : DigestAlgorithm.Sha512;

    /// <summary>
    /// The signing-certificate attributes to sign, as (attribute OID, DER value): normally the TSU's SigningCertificateV2
    /// only; the ESSCertID defects replace, spoil or add to it.
    /// </summary>
    public static IReadOnlyList<(string Oid, byte[] Value)> SigningCertificateAttributes(byte[] signingCertificateV2, X509Certificate2 tsuCertificate,
        ActiveDefects defects)
    {
        if (defects.Has(DefectCatalogue.SigningCertificateMissing))
        {
            return [];
        }

        if (defects.Has(DefectCatalogue.EssCertIdSha1Only))
        {
            return [(SigningCertificateV1Attribute, SigningCertificate(SHA1.HashData(tsuCertificate.RawData), tsuCertificate))];
        }

        if (defects.Has(DefectCatalogue.EssCertIdV2WrongHash))
        {
            byte[] wrong = SHA256.HashData(tsuCertificate.RawData);
            wrong[0] ^= 0xFF;
            return [(Oids.SigningCertificateV2Attribute, SigningCertificate(wrong, tsuCertificate))];
        }

        if (defects.Has(DefectCatalogue.EssCertIdConflicting))
        {
            // A second identifier that names another certificate: the SHA-1 of the TSU certificate's issuer name, not of the certificate.
            return [(Oids.SigningCertificateV2Attribute, signingCertificateV2),
                (SigningCertificateV1Attribute, SigningCertificate(SHA1.HashData(tsuCertificate.IssuerName.RawData), tsuCertificate))];
        }

        return [(Oids.SigningCertificateV2Attribute, signingCertificateV2)];
    }

    /// <summary>signing-time (RFC 5652 §11.3) one hour before issuance, for signing-time-off; null otherwise.</summary>
    public static byte[]? SigningTime(ActiveDefects defects)
    {
        if (!defects.Has(DefectCatalogue.SigningTimeOff))
        {
            return null;
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteUtcTime(DateTimeOffset.UtcNow.AddHours(-1));
        return writer.Encode();
    }

    /// <summary>
    /// SigningCertificate (RFC 2634 §5.4, ESSCertID with a SHA-1 certHash) and SigningCertificateV2 (RFC 5035 §3, ESSCertIDv2
    /// with the DEFAULT SHA-256, so no hashAlgorithm field) have the same shape: one identifier with issuerSerial.
    /// </summary>
    private static byte[] SigningCertificate(byte[] certHash, X509Certificate2 certificate) =>
        Issuance.TimeStampingUnit.EncodeSigningCertificateV2(certificate, certHash);
}

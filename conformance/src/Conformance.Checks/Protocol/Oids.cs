namespace Conformance.Checks.Protocol;

/// <summary>Object identifiers used by the checks, named as in the RFCs that define them.</summary>
public static class Oids
{
    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    /// <summary>RFC 5652 §5.1: id-signedData.</summary>
    public const string SignedData = "1.2.840.113549.1.7.2";

    /// <summary>RFC 3161 §2.4.2: id-ct-TSTInfo.</summary>
    public const string TstInfo = "1.2.840.113549.1.9.16.1.4";

    /// <summary>ETSI EN 319 421: best practices time-stamp policy (BTSP).</summary>
    public const string BestPracticesTimeStampPolicy = "0.4.0.2023.1.1";

    public const string Md5 = "1.2.840.113549.2.5";
    public const string Sha224 = "2.16.840.1.101.3.4.2.4";
    public const string Sha3_256 = "2.16.840.1.101.3.4.2.8";
    public const string Sha3_384 = "2.16.840.1.101.3.4.2.9";
    public const string Sha3_512 = "2.16.840.1.101.3.4.2.10";

    /// <summary>RFC 5652 §11.1-§11.3: content-type, message-digest, signing-time.</summary>
    public const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
    public const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    public const string SigningTimeAttribute = "1.2.840.113549.1.9.5";

    /// <summary>RFC 2634 §5.4 SigningCertificate; RFC 5035 SigningCertificateV2.</summary>
    public const string SigningCertificate = "1.2.840.113549.1.9.16.2.12";
    public const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";

    /// <summary>RFC 6211 CMSAlgorithmProtection.</summary>
    public const string CmsAlgorithmProtection = "1.2.840.113549.1.9.52";

    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string RsaPss = "1.2.840.113549.1.1.10";
    public const string EcPublicKey = "1.2.840.10045.2.1";

    /// <summary>RFC 3161 §2.3 id-kp-timeStamping.</summary>
    public const string TimeStamping = "1.3.6.1.5.5.7.3.8";

    public const string ExtendedKeyUsage = "2.5.29.37";
    public const string KeyUsage = "2.5.29.15";
    public const string BasicConstraints = "2.5.29.19";
    public const string PrivateKeyUsagePeriod = "2.5.29.16";
    public const string CertificatePolicies = "2.5.29.32";
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string CrlDistributionPoints = "2.5.29.31";
    public const string AuthorityInfoAccess = "1.3.6.1.5.5.7.1.1";
    public const string PolicyMappings = "2.5.29.33";
    public const string NameConstraints = "2.5.29.30";
    public const string PolicyConstraints = "2.5.29.36";
    public const string InhibitAnyPolicy = "2.5.29.54";
    public const string SubjectAltName = "2.5.29.17";
    public const string OcspNoCheck = "1.3.6.1.5.5.7.48.1.5";
    public const string Ocsp = "1.3.6.1.5.5.7.48.1";

    /// <summary>RFC 3739 §3.2.6 id-pe-qcStatements.</summary>
    public const string QcStatements = "1.3.6.1.5.5.7.1.3";

    /// <summary>EN 319 422 Annex B esi4-qtstStatement-1.</summary>
    public const string EtsiQtstStatement = "0.4.0.19422.1.1";

    /// <summary>EN 319 412-5 QcCompliance, QcType, QcType eseal.</summary>
    public const string QcCompliance = "0.4.0.1862.1.1";
    public const string QcType = "0.4.0.1862.1.6";
    public const string QcTypeEseal = "0.4.0.1862.1.6.2";

    /// <summary>EN 319 411-1 NCP+; EN 319 411-2 QCP-l and QCP-l-qscd.</summary>
    public const string NcpPlus = "0.4.0.2042.1.2";
    public const string QcpLegal = "0.4.0.194112.1.1";
    public const string QcpLegalQscd = "0.4.0.194112.1.3";

    public const string CountryName = "2.5.4.6";
    public const string OrganizationName = "2.5.4.10";
    public const string CommonName = "2.5.4.3";
    public const string SerialNumberAttribute = "2.5.4.5";
    public const string OrganizationIdentifier = "2.5.4.97";
    public const string GivenName = "2.5.4.42";
    public const string Surname = "2.5.4.4";
}

namespace ReferenceTsa.Protocol;

/// <summary>Object identifiers the TSA emits or recognises, with the document that defines each.</summary>
public static class Oids
{
    // RFC 5652 (CMS) and RFC 3161 §2.4.2
    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string TstInfo = "1.2.840.113549.1.9.16.1.4";
    public const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
    public const string MessageDigestAttribute = "1.2.840.113549.1.9.4";

    // RFC 5035 / RFC 5816: SigningCertificateV2 (ESSCertIDv2). The v1 attribute (…2.12, SHA-1) is never emitted.
    public const string SigningCertificateV2Attribute = "1.2.840.113549.1.9.16.2.47";

    // RFC 6211: CMS algorithm identifier protection.
    public const string CmsAlgorithmProtectionAttribute = "1.2.840.113549.1.9.52";

    // ETSI EN 319 421 §5.2: best practices time-stamp policy (BTSP).
    public const string BestPracticesTimeStampPolicy = "0.4.0.2023.1.1";

    // RFC 3739 qcStatements, carrying ETSI EN 319 422 Annex B esi4-qtstStatement-1 inside TSTInfo.extensions.
    public const string QcStatementsExtension = "1.3.6.1.5.5.7.1.3";
    public const string EtsiQtstStatement1 = "0.4.0.19422.1.1";

    // RFC 5280 certificate extensions used by the TSU certificate profile.
    public const string ExtendedKeyUsage = "2.5.29.37";
    public const string KeyUsage = "2.5.29.15";
    public const string PrivateKeyUsagePeriod = "2.5.29.16";
    public const string CertificatePolicies = "2.5.29.32";
    public const string BasicConstraints = "2.5.29.19";
    public const string TimeStampingPurpose = "1.3.6.1.5.5.7.3.8";
    public const string OrganizationIdentifier = "2.5.4.97";

    // Signature algorithms (RFC 4055, RFC 5754, RFC 5758).
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    public const string RsassaPss = "1.2.840.113549.1.1.10";
    public const string Mgf1 = "1.2.840.113549.1.1.8";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
}

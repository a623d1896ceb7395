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
}

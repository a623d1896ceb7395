using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;

namespace Conformance.Checks.Hsm;

/// <summary>
/// TSP-REF-004: the TSU private key is held and used only inside a secure cryptographic device (EN 319 421
/// TIS-7.6.3-02; for qualified TSUs the device requirements of CIR (EU) 2025/1929 build on the same clause). PKCS#11
/// attributes show how the key is configured, not that the device is certified: the certificate of the device is
/// attested evidence either way.
/// </summary>
public static class HsmKeyRequirements
{
    public const string RequirementId = "TSP-REF-004";

    /// <summary>
    /// The attributes that show the key lives only in the token: a token object (not a session copy), private and
    /// sensitive (never revealed in clear), sensitive since it was created, not extractable now and never extractable
    /// (no wrapped copy can exist), and generated on the token rather than imported (CKA_LOCAL).
    /// </summary>
    private static readonly (string Attribute, bool Expected, string Why)[] Expected =
    [
        ("CKA_TOKEN", true, "a token object, not a session copy"),
        ("CKA_PRIVATE", true, "only visible after login"),
        ("CKA_SENSITIVE", true, "never revealed in clear"),
        ("CKA_ALWAYS_SENSITIVE", true, "sensitive since it was created"),
        ("CKA_EXTRACTABLE", false, "cannot be exported, even wrapped"),
        ("CKA_NEVER_EXTRACTABLE", true, "was never exportable, so no copy can exist"),
        ("CKA_LOCAL", true, "generated on the token, not imported"),
    ];

    /// <summary>
    /// A target that declares its TSU keys as software keys (<paramref name="softwareKeys"/>, what the target says about
    /// them) keeps them outside a secure cryptographic device: a finding without PKCS#11 access. Null: nothing declared.
    /// </summary>
    public static void KeyIsNotASoftwareKey(string? softwareKeys)
    {
        if (softwareKeys is not null)
        {
            throw new RequirementNotMetException(RequirementId,
                "the TSU private key is a software key, not held in a secure cryptographic device (EN 319 421 TIS-7.6.3-02)",
                "a key generated and used only inside an HSM", softwareKeys);
        }
    }

    /// <summary>Every attribute that does not have the expected value is named in one finding.</summary>
    public static void KeyIsHeldInTheDevice(Pkcs11KeyInspection inspection)
    {
        var wrong = new List<string>();
        foreach ((string attribute, bool expected, string why) in Expected)
        {
            Pkcs11AttributeReading? reading = inspection.Attribute(attribute);
            if (reading?.Flag != expected)
            {
                wrong.Add($"{attribute} = {reading?.Value ?? "(cannot be read)"}, expected {(expected ? "true" : "false")} ({why})");
            }
        }

        if (wrong.Count > 0)
        {
            throw new RequirementNotMetException(RequirementId,
                $"the TSU private key ({inspection.Location}) is not shown to be held only in the device (EN 319 421 TIS-7.6.3-02)",
                string.Join(", ", Expected.Select(e => $"{e.Attribute} {(e.Expected ? "true" : "false")}")), string.Join("; ", wrong));
        }
    }

    /// <summary>The key in the token is the key of the TSU certificate the service sends.</summary>
    public static void PublicKeyMatchesCertificate(Pkcs11KeyInspection inspection, X509Certificate2 tsuCertificate)
    {
        TokenPublicKey key = inspection.PublicKey ?? throw new RequirementNotMetException(RequirementId,
            $"the public key of the TSU private key ({inspection.Location}) cannot be read, so it cannot be matched with the TSU certificate",
            "a public-key object with the same CKA_ID, or readable public components", inspection.PublicKeyProblem);
        string subject = tsuCertificate.Subject;
        if (key.KeyType == "RSA")
        {
            using RSA? rsa = tsuCertificate.GetRSAPublicKey();
            if (rsa is null)
            {
                throw new RequirementNotMetException(RequirementId, $"the token key is RSA but the TSU certificate ({subject}) holds a {tsuCertificate.PublicKey.Oid.FriendlyName ?? tsuCertificate.PublicKey.Oid.Value} key",
                    "the same key", "different key types");
            }

            RSAParameters parameters = rsa.ExportParameters(false);
            if (Unsigned(parameters.Modulus!) != Unsigned(key.Modulus!) || Unsigned(parameters.Exponent!) != Unsigned(key.PublicExponent!))
            {
                throw new RequirementNotMetException(RequirementId, $"the token's RSA key ({key.Source}) is not the key of the TSU certificate {subject}",
                    $"modulus {Fingerprint(parameters.Modulus!)}", $"modulus {Fingerprint(key.Modulus!)}");
            }

            return;
        }

        byte[] certificatePoint = tsuCertificate.PublicKey.EncodedKeyValue.RawData;
        byte[] certificateCurve = tsuCertificate.PublicKey.EncodedParameters?.RawData ?? [];
        byte[] tokenPoint = UnwrapEcPoint(key.EcPoint!);
        if (tsuCertificate.PublicKey.Oid.Value != "1.2.840.10045.2.1")
        {
            throw new RequirementNotMetException(RequirementId, $"the token key is EC but the TSU certificate ({subject}) holds a {tsuCertificate.PublicKey.Oid.Value} key",
                "the same key", "different key types");
        }

        if (!certificateCurve.AsSpan().SequenceEqual(key.EcParameters ?? []) || !certificatePoint.AsSpan().SequenceEqual(tokenPoint))
        {
            throw new RequirementNotMetException(RequirementId, $"the token's EC key ({key.Source}) is not the key of the TSU certificate {subject}",
                $"point {Fingerprint(certificatePoint)} on {Convert.ToHexStringLower(certificateCurve)}", $"point {Fingerprint(tokenPoint)} on {Convert.ToHexStringLower(key.EcParameters ?? [])}");
        }
    }

    /// <summary>PKCS#11 v2.40 wants CKA_EC_POINT as a DER OCTET STRING; some tokens return the bare point.</summary>
    internal static byte[] UnwrapEcPoint(byte[] value)
    {
        try
        {
            byte[] inner = AsnDecoder.ReadOctetString(value, AsnEncodingRules.DER, out int consumed);
            if (consumed == value.Length && inner.Length > 0 && inner[0] is 0x04 or 0x02 or 0x03)
            {
                return inner;
            }
        }
        catch (AsnContentException)
        {
        }

        return value;
    }

    private static BigInteger Unsigned(byte[] bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static string Fingerprint(byte[] value) => $"SHA-256 {Convert.ToHexStringLower(SHA256.HashData(value))[..16]}…";
}

using System.Formats.Asn1;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Signing.Pkcs11;

/// <summary>
/// What goes into single-part C_Sign for each scheme when the hash is computed in software, and how the result
/// becomes the SignerInfo.signature value.
/// </summary>
public static class Pkcs11Mechanisms
{
    /// <summary>
    /// The DER DigestInfo prefix (RFC 8017 §9.2 note 1) for <paramref name="digest"/>: CKM_RSA_PKCS only pads, so the
    /// caller supplies DigestInfo = prefix || hash.
    /// </summary>
    public static byte[] DigestInfoPrefix(DigestAlgorithm digest) => digest.Name switch
    {
        "SHA256" => Convert.FromHexString("3031300d060960864801650304020105000420"),
        "SHA384" => Convert.FromHexString("3041300d060960864801650304020205000430"),
        "SHA512" => Convert.FromHexString("3051300d060960864801650304020305000440"),
        _ => throw new NotSupportedException($"RSA signatures over {digest} are not offered"),
    };

    /// <summary>The bytes C_Sign signs: DigestInfo for PKCS#1 v1.5, the bare hash for PSS and ECDSA.</summary>
    public static byte[] SignInput(SignatureScheme scheme, ReadOnlySpan<byte> hash, DigestAlgorithm digest)
    {
        if (hash.Length != digest.DigestLength)
        {
            throw new ArgumentException($"a {digest} hash has {digest.DigestLength} bytes, not {hash.Length}", nameof(hash));
        }

        return scheme == SignatureScheme.RsaPkcs1 ? [.. DigestInfoPrefix(digest), .. hash] : hash.ToArray();
    }

    public static IMechanism Create(Pkcs11InteropFactories factories, SignatureScheme scheme, DigestAlgorithm digest) => scheme switch
    {
        SignatureScheme.RsaPkcs1 => factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS),
        // Salt length = hash length and MGF1 over the same hash: the parameters SignatureAlgorithmIdentifier declares.
        SignatureScheme.RsaPss => factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS_PSS,
            factories.MechanismParamsFactory.CreateCkRsaPkcsPssParams(
                ConvertUtils.UInt64FromCKM(HashMechanism(digest)),
                ConvertUtils.UInt64FromCKG(Mgf(digest)),
                (ulong)digest.DigestLength)),
        SignatureScheme.Ecdsa => factories.MechanismFactory.Create(CKM.CKM_ECDSA),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
    };

    private static CKM HashMechanism(DigestAlgorithm digest) => digest.Name switch
    {
        "SHA256" => CKM.CKM_SHA256,
        "SHA384" => CKM.CKM_SHA384,
        "SHA512" => CKM.CKM_SHA512,
        _ => throw new NotSupportedException($"RSA-PSS with {digest} is not offered"),
    };

    private static CKG Mgf(DigestAlgorithm digest) => digest.Name switch
    {
        "SHA256" => CKG.CKG_MGF1_SHA256,
        "SHA384" => CKG.CKG_MGF1_SHA384,
        "SHA512" => CKG.CKG_MGF1_SHA512,
        _ => throw new NotSupportedException($"RSA-PSS with {digest} is not offered"),
    };

    /// <summary>
    /// CKM_ECDSA returns r || s, each as long as the curve order (PKCS#11 v2.40 §2.3.1); CMS wants the DER
    /// Ecdsa-Sig-Value SEQUENCE { r INTEGER, s INTEGER } (RFC 5753 §7.2).
    /// </summary>
    public static byte[] EcdsaRawToDer(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0 || raw.Length % 2 != 0)
        {
            throw new ArgumentException($"an ECDSA r||s signature has an even, non-zero length, not {raw.Length}", nameof(raw));
        }

        int half = raw.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            // r and s come fixed-length, so about one in 256 starts with a zero octet that DER must drop.
            writer.WriteInteger(new System.Numerics.BigInteger(raw[..half], isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new System.Numerics.BigInteger(raw[half..], isUnsigned: true, isBigEndian: true));
        }

        return writer.Encode();
    }
}

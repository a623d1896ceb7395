using System.Formats.Asn1;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Signing;

/// <summary>DER AlgorithmIdentifiers for SignerInfo.digestAlgorithm and SignerInfo.signatureAlgorithm.</summary>
public static class SignatureAlgorithmIdentifier
{
    /// <summary>A digest AlgorithmIdentifier with absent parameters, as RFC 5754 §2 requires of generators.</summary>
    public static byte[] ForDigest(DigestAlgorithm digest)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        WriteDigest(writer, digest);
        return writer.Encode();
    }

    public static byte[] ForSignature(SignatureScheme scheme, DigestAlgorithm digest)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            switch (scheme)
            {
                case SignatureScheme.RsaPkcs1:
                    // RFC 4055 §5: the sha*WithRSAEncryption identifiers carry NULL parameters.
                    writer.WriteObjectIdentifier(digest.Name switch
                    {
                        "SHA256" => Oids.Sha256WithRsa,
                        "SHA384" => Oids.Sha384WithRsa,
                        "SHA512" => Oids.Sha512WithRsa,
                        _ => throw new NotSupportedException($"RSA PKCS#1 v1.5 with {digest} is not offered"),
                    });
                    writer.WriteNull();
                    break;
                case SignatureScheme.RsaPss:
                    // RFC 4055 §3.1: RSASSA-PSS-params with the hash, MGF1 over the same hash, salt = hash length.
                    writer.WriteObjectIdentifier(Oids.RsassaPss);
                    using (writer.PushSequence())
                    {
                        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                        {
                            WriteDigest(writer, digest);
                        }

                        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1)))
                        {
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(Oids.Mgf1);
                                WriteDigest(writer, digest);
                            }
                        }

                        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2)))
                        {
                            writer.WriteInteger(digest.DigestLength);
                        }
                    }

                    break;
                case SignatureScheme.Ecdsa:
                    // RFC 5758 §3.2: ecdsa-with-SHA* identifiers have absent parameters.
                    writer.WriteObjectIdentifier(digest.Name switch
                    {
                        "SHA256" => Oids.EcdsaWithSha256,
                        "SHA384" => Oids.EcdsaWithSha384,
                        "SHA512" => Oids.EcdsaWithSha512,
                        _ => throw new NotSupportedException($"ECDSA with {digest} is not offered"),
                    });
                    break;
            }
        }

        return writer.Encode();
    }

    private static void WriteDigest(AsnWriter writer, DigestAlgorithm digest)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(digest.Oid);
        }
    }
}

using System.Formats.Asn1;
using ReferenceTsa.Defects;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Issuance;

/// <summary>
/// Wraps an encoded TSTInfo in CMS SignedData (RFC 5652 §5, RFC 3161 §2.4.2): version 3, one SignerInfo identified
/// by issuer and serial number, signed attributes content-type, message-digest, signing-certificate-v2
/// (ESSCertIDv2, never the SHA-1 ESSCertID) and CMS algorithm protection (RFC 6211).
/// </summary>
public static class TimeStampTokenBuilder
{
    /// <param name="defects">Development-mode defects to inject (Defects/SignedDataDefects); none by default.</param>
    public static byte[] Build(TimeStampingUnit tsu, byte[] tstInfoDer, bool includeCertificates, ActiveDefects? defects = null)
    {
        defects ??= ActiveDefects.None;
        byte[] signedAttributes = EncodeSignedAttributes(tsu, tstInfoDer, defects);

        // The signature covers the DER SET OF attributes with its universal SET tag (RFC 5652 §5.4).
        byte[] signature = SignedDataDefects.Signature(tsu.SigningKey.SignHash(tsu.SignerDigest.Hash(signedAttributes), tsu.SignerDigest), defects);

        // Sized for the whole token up front, so the buffer is not grown and copied while the token is written.
        var writer = new AsnWriter(AsnEncodingRules.DER, tstInfoDer.Length + signedAttributes.Length + tsu.CertificateSet.Length + 1024);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignedDataDefects.ContentType(defects));
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                // Version 3 because eContentType is not id-data (RFC 5652 §5.1).
                writer.WriteInteger(SignedDataDefects.SignedDataVersion(defects));
                using (writer.PushSetOf())
                {
                    writer.WriteEncodedValue(tsu.DigestAlgorithmIdentifier);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(SignedDataDefects.EContentType(defects));
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        writer.WriteOctetString(tstInfoDer);
                    }
                }

                if (includeCertificates)
                {
                    // certificates [0] IMPLICIT CertificateSet: the SET OF contents under a context tag (tagged once per TSU).
                    writer.WriteEncodedValue(tsu.CertificatesField);
                }

                using (writer.PushSetOf())
                {
                    for (int i = 0; i < SignedDataDefects.SignerInfoCount(defects); i++)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteInteger(SignedDataDefects.SignerInfoVersion(defects)); // version 1: sid is issuerAndSerialNumber
                            writer.WriteEncodedValue(tsu.IssuerAndSerialNumber);
                            writer.WriteEncodedValue(tsu.DigestAlgorithmIdentifier);
                            WriteWithReplacedTag(writer, signedAttributes, 0xA0); // signedAttrs [0] IMPLICIT
                            writer.WriteEncodedValue(tsu.SignatureAlgorithmIdentifierDer);
                            writer.WriteOctetString(signature);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }

    private static byte[] EncodeSignedAttributes(TimeStampingUnit tsu, byte[] tstInfoDer, ActiveDefects defects)
    {
        // DER sorts the SET OF by encoding; AsnWriter does that when the SET is popped.
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            WriteAttribute(writer, Oids.ContentTypeAttribute, w => w.WriteObjectIdentifier(Oids.TstInfo));
            WriteAttribute(writer, Oids.MessageDigestAttribute,
                w => w.WriteOctetString(tsu.SignerDigest.Hash(SignedDataDefects.DigestedContent(tstInfoDer, defects))));
            foreach (var (oid, value) in SignedDataDefects.SigningCertificateAttributes(tsu.SigningCertificateV2, tsu.Certificate, defects))
            {
                WriteAttribute(writer, oid, w => w.WriteEncodedValue(value));
            }

            if (SignedDataDefects.SigningTime(defects) is { } signingTime)
            {
                WriteAttribute(writer, SignedDataDefects.SigningTimeAttribute, w => w.WriteEncodedValue(signingTime));
            }

            WriteAttribute(writer, Oids.CmsAlgorithmProtectionAttribute, w =>
            {
                using (w.PushSequence())
                {
                    w.WriteEncodedValue(ProtectedDigestIdentifier(tsu, defects));
                    // signatureAlgorithm [1] IMPLICIT AlgorithmIdentifier (RFC 6211 §2).
                    WriteWithReplacedTag(w, tsu.SignatureAlgorithmIdentifierDer, 0xA1);
                }
            });
        }

        return writer.Encode();
    }

    private static byte[] ProtectedDigestIdentifier(TimeStampingUnit tsu, ActiveDefects defects) =>
        SignedDataDefects.ProtectedDigest(tsu.SignerDigest, defects) == tsu.SignerDigest
            ? tsu.DigestAlgorithmIdentifier
            : Signing.SignatureAlgorithmIdentifier.ForDigest(SignedDataDefects.ProtectedDigest(tsu.SignerDigest, defects));

    /// <summary>Attribute ::= SEQUENCE { attrType, attrValues SET OF } with a single value (RFC 5652 §5.3).</summary>
    private static void WriteAttribute(AsnWriter writer, string oid, Action<AsnWriter> writeValue)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            using (writer.PushSetOf())
            {
                writeValue(writer);
            }
        }
    }

    /// <summary>Writes a DER value whose single-byte universal tag is replaced by an implicit context tag.</summary>
    private static void WriteWithReplacedTag(AsnWriter writer, byte[] der, byte tag) => writer.WriteEncodedValue(WithReplacedTag(der, tag));

    /// <summary>A copy of a DER value with its single-byte universal tag replaced by an implicit context tag.</summary>
    internal static byte[] WithReplacedTag(byte[] der, byte tag)
    {
        byte[] copy = (byte[])der.Clone();
        copy[0] = tag;
        return copy;
    }
}

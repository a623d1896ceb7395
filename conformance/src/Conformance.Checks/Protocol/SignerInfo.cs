using System.Formats.Asn1;
using System.Numerics;

namespace Conformance.Checks.Protocol;

/// <summary>
/// A decoded CMS SignerInfo (RFC 5652 §5.3).
/// <code>
/// SignerInfo ::= SEQUENCE { version CMSVersion, sid SignerIdentifier, digestAlgorithm DigestAlgorithmIdentifier,
///   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL, signatureAlgorithm SignatureAlgorithmIdentifier,
///   signature SignatureValue, unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
/// SignerIdentifier ::= CHOICE { issuerAndSerialNumber IssuerAndSerialNumber, subjectKeyIdentifier [0] SubjectKeyIdentifier }
/// </code>
/// </summary>
public sealed class SignerInfo
{
    private static readonly Asn1Tag SkiTag = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag SignedAttrsTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag UnsignedAttrsTag = new(TagClass.ContextSpecific, 1, isConstructed: true);

    public BigInteger Version { get; private set; }

    /// <summary>The issuer Name of an issuerAndSerialNumber sid, as encoded.</summary>
    public ReadOnlyMemory<byte>? SidIssuer { get; private set; }

    /// <summary>The serial number of an issuerAndSerialNumber sid, as encoded content bytes (big-endian).</summary>
    public ReadOnlyMemory<byte>? SidSerial { get; private set; }

    public ReadOnlyMemory<byte>? SidSubjectKeyIdentifier { get; private set; }
    public string DigestAlgorithmOid { get; private set; } = "";

    /// <summary>The signedAttrs field as encoded ([0] IMPLICIT); the signature covers it re-tagged as a SET OF (RFC 5652 §5.4).</summary>
    public ReadOnlyMemory<byte>? SignedAttributesEncoded { get; private set; }

    public IReadOnlyList<CmsAttribute> SignedAttributes { get; private set; } = [];
    public string SignatureAlgorithmOid { get; private set; } = "";
    public ReadOnlyMemory<byte>? SignatureAlgorithmParameters { get; private set; }
    public ReadOnlyMemory<byte> Signature { get; private set; }
    public IReadOnlyList<CmsAttribute> UnsignedAttributes { get; private set; } = [];

    public bool SidIsIssuerAndSerial => SidIssuer is not null;

    public IReadOnlyList<CmsAttribute> SignedAttributesOf(string oid) => [.. SignedAttributes.Where(a => a.Oid == oid)];

    /// <summary>The bytes the signature is computed over: signedAttrs with the EXPLICIT SET OF tag (0x31).</summary>
    public byte[]? SignedAttributesForSignature()
    {
        if (SignedAttributesEncoded is not { } encoded)
        {
            return null;
        }

        byte[] copy = encoded.ToArray();
        copy[0] = 0x31;
        return copy;
    }

    public string DescribeSid() => SidIssuer is not null
        ? $"issuerAndSerialNumber (serial {Convert.ToHexString(SidSerial!.Value.Span)})"
        : $"subjectKeyIdentifier {Convert.ToHexString(SidSubjectKeyIdentifier!.Value.Span)}";

    internal static SignerInfo Read(AsnReader outer)
    {
        var si = new SignerInfo();
        AsnReader seq = outer.ReadSequence();
        si.Version = seq.ReadInteger();
        Asn1Tag sidTag = seq.PeekTag();
        if (sidTag.HasSameClassAndValue(Asn1Tag.Sequence))
        {
            AsnReader ias = seq.ReadSequence();
            si.SidIssuer = ias.ReadEncodedValue();
            si.SidSerial = ias.ReadIntegerBytes();
            Asn1Decoding.ExpectEnd(ias, "IssuerAndSerialNumber");
        }
        else if (sidTag.HasSameClassAndValue(SkiTag))
        {
            si.SidSubjectKeyIdentifier = seq.ReadOctetString(SkiTag);
        }
        else
        {
            throw new AsnContentException($"SignerInfo.sid has an unexpected tag {Asn1Decoding.Describe(sidTag)}");
        }

        si.DigestAlgorithmOid = ReadAlgorithm(seq, out _);
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(SignedAttrsTag))
        {
            si.SignedAttributesEncoded = seq.PeekEncodedValue();
            si.SignedAttributes = ReadAttributes(seq.ReadSetOf(SignedAttrsTag));
        }

        si.SignatureAlgorithmOid = ReadAlgorithm(seq, out ReadOnlyMemory<byte>? parameters);
        si.SignatureAlgorithmParameters = parameters;
        si.Signature = seq.ReadOctetString();
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(UnsignedAttrsTag))
        {
            si.UnsignedAttributes = ReadAttributes(seq.ReadSetOf(UnsignedAttrsTag));
        }

        Asn1Decoding.ExpectEnd(seq, "SignerInfo");
        return si;
    }

    internal static string ReadAlgorithm(AsnReader reader, out ReadOnlyMemory<byte>? parameters)
    {
        AsnReader algorithm = reader.ReadSequence();
        string oid = algorithm.ReadObjectIdentifier();
        parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;
        Asn1Decoding.ExpectEnd(algorithm, "AlgorithmIdentifier");
        return oid;
    }

    private static List<CmsAttribute> ReadAttributes(AsnReader set)
    {
        var attributes = new List<CmsAttribute>();
        while (set.HasData)
        {
            // Attribute ::= SEQUENCE { attrType OBJECT IDENTIFIER, attrValues SET OF AttributeValue }
            AsnReader attribute = set.ReadSequence();
            string oid = attribute.ReadObjectIdentifier();
            var values = new List<ReadOnlyMemory<byte>>();
            AsnReader valueSet = attribute.ReadSetOf();
            while (valueSet.HasData)
            {
                values.Add(valueSet.ReadEncodedValue());
            }

            Asn1Decoding.ExpectEnd(attribute, "Attribute");
            attributes.Add(new CmsAttribute(oid, values));
        }

        return attributes;
    }
}

/// <summary>A CMS attribute: its type and the encoded values of its SET OF AttributeValue.</summary>
public sealed record CmsAttribute(string Oid, IReadOnlyList<ReadOnlyMemory<byte>> Values);

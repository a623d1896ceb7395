using System.Formats.Asn1;
using System.Numerics;

namespace Conformance.Checks.Protocol;

/// <summary>
/// A TimeStampToken: a CMS ContentInfo holding SignedData whose encapsulated content is a TSTInfo (RFC 3161 §2.4.2,
/// RFC 5652 §5). Only the structure is decoded here; signature verification belongs to a separate check.
/// </summary>
public sealed class TimeStampToken
{
    private static readonly Asn1Tag ContextExplicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag CertificatesTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag CrlsTag = new(TagClass.ContextSpecific, 1, isConstructed: true);

    private TimeStampToken(ReadOnlyMemory<byte> encoded) => Encoded = encoded;

    public ReadOnlyMemory<byte> Encoded { get; }
    public string ContentType { get; private set; } = "";
    public BigInteger SignedDataVersion { get; private set; }
    public IReadOnlyList<string> DigestAlgorithms { get; private set; } = [];
    public string EncapsulatedContentType { get; private set; } = "";
    public ReadOnlyMemory<byte>? EncapsulatedContent { get; private set; }

    /// <summary>True when SignedData carries the optional certificates field at all (RFC 3161 §2.4.1 certReq).</summary>
    public bool HasCertificatesField { get; private set; }

    /// <summary>The encoded CertificateChoices found in SignedData.certificates (X.509 certificates and any other kind).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; private set; } = [];

    public bool HasCrlsField { get; private set; }
    public int SignerInfoCount { get; private set; }

    public TstInfo? TstInfo { get; private set; }
    public string? TstInfoError { get; private set; }
    public IReadOnlyList<string> EncodingFindings { get; private set; } = [];

    public static bool TryDecode(ReadOnlyMemory<byte> encoded, out TimeStampToken? token, out string? error)
    {
        bool ok = Asn1Decoding.TryDecode(encoded, "TimeStampToken", (reader, findings) => Read(encoded, reader, findings), out token, out var found, out error);
        if (ok)
        {
            token!.EncodingFindings = [.. found, .. token.EncodingFindings];
        }

        return ok;
    }

    private static TimeStampToken Read(ReadOnlyMemory<byte> encoded, AsnReader outer, List<string> findings)
    {
        var token = new TimeStampToken(encoded);

        // ContentInfo ::= SEQUENCE { contentType ContentType, content [0] EXPLICIT ANY DEFINED BY contentType }
        AsnReader contentInfo = outer.ReadSequence();
        token.ContentType = contentInfo.ReadObjectIdentifier();
        if (token.ContentType != Oids.SignedData)
        {
            throw new AsnContentException($"ContentInfo.contentType is {token.ContentType}, not id-signedData ({Oids.SignedData})");
        }

        AsnReader content = contentInfo.ReadSequence(ContextExplicit0);
        AsnReader signedData = content.ReadSequence();
        Asn1Decoding.ExpectEnd(content, "ContentInfo.content");
        Asn1Decoding.ExpectEnd(contentInfo, "ContentInfo");

        token.SignedDataVersion = signedData.ReadInteger();

        var digestAlgorithms = new List<string>();
        AsnReader digestSet = signedData.ReadSetOf();
        while (digestSet.HasData)
        {
            AsnReader algorithm = digestSet.ReadSequence();
            digestAlgorithms.Add(algorithm.ReadObjectIdentifier());
        }

        token.DigestAlgorithms = digestAlgorithms;

        // EncapsulatedContentInfo ::= SEQUENCE { eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
        AsnReader encap = signedData.ReadSequence();
        token.EncapsulatedContentType = encap.ReadObjectIdentifier();
        if (encap.HasData)
        {
            AsnReader wrapper = encap.ReadSequence(ContextExplicit0);
            token.EncapsulatedContent = wrapper.ReadOctetString();
            Asn1Decoding.ExpectEnd(wrapper, "eContent");
        }

        Asn1Decoding.ExpectEnd(encap, "EncapsulatedContentInfo");

        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(CertificatesTag))
        {
            token.HasCertificatesField = true;
            var certificates = new List<ReadOnlyMemory<byte>>();
            AsnReader set = signedData.ReadSetOf(CertificatesTag);
            while (set.HasData)
            {
                certificates.Add(set.ReadEncodedValue());
            }

            token.Certificates = certificates;
        }

        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(CrlsTag))
        {
            token.HasCrlsField = true;
            signedData.ReadEncodedValue();
        }

        AsnReader signerInfos = signedData.ReadSetOf();
        while (signerInfos.HasData)
        {
            signerInfos.ReadEncodedValue();
            token.SignerInfoCount++;
        }

        Asn1Decoding.ExpectEnd(signedData, "SignedData");

        if (token.EncapsulatedContent is { } eContent && token.EncapsulatedContentType == Oids.TstInfo)
        {
            if (TstInfo.TryDecode(eContent, out TstInfo? tstInfo, out string? tstError))
            {
                token.TstInfo = tstInfo;
                findings.AddRange(tstInfo!.EncodingFindings);
            }
            else
            {
                token.TstInfoError = tstError;
            }
        }
        else
        {
            token.TstInfoError = token.EncapsulatedContent is null
                ? "the token has no encapsulated content (eContent is absent)"
                : $"eContentType is {token.EncapsulatedContentType}, not id-ct-TSTInfo ({Oids.TstInfo})";
        }

        token.EncodingFindings = findings;
        return token;
    }
}

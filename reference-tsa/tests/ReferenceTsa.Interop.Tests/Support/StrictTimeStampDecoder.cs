using System.Formats.Asn1;
using System.Numerics;

namespace ReferenceTsa.Interop.Tests.Support;

/// <summary>What the serial-number test needs from a granted TimeStampResp.</summary>
public sealed record GrantedToken(BigInteger SerialNumber, byte[] SerialNumberOctets, byte[] MessageImprint, BigInteger? Nonce,
    DateTimeOffset GenTime);

/// <summary>
/// An independent, strict DER decoder for TimeStampResp → ContentInfo → SignedData → TSTInfo (RFC 3161 §2.4.2, RFC 5652),
/// written for the tests with System.Formats.Asn1: it shares no code with the TSA. Throws on any deviation from DER
/// or from the structure, including trailing data at every level.
/// </summary>
public static class StrictTimeStampDecoder
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1, isConstructed: true);

    public static GrantedToken DecodeGranted(byte[] timeStampResp)
    {
        var outer = new AsnReader(timeStampResp, AsnEncodingRules.DER);
        var response = outer.ReadSequence();
        outer.ThrowIfNotEmpty();

        var statusInfo = response.ReadSequence();
        if (!statusInfo.TryReadInt32(out int status) || status is not (0 or 1))
        {
            throw new AsnContentException($"PKIStatus {status} is not granted/grantedWithMods");
        }

        while (statusInfo.HasData)
        {
            statusInfo.ReadEncodedValue(); // statusString, failInfo
        }

        var contentInfo = response.ReadSequence();
        response.ThrowIfNotEmpty();
        Expect(contentInfo.ReadObjectIdentifier(), SignedDataOid, "contentType");
        var explicitContent = contentInfo.ReadSequence(Context0);
        contentInfo.ThrowIfNotEmpty();
        var signedData = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();

        signedData.ReadInteger(); // CMSVersion
        signedData.ReadSetOf(); // digestAlgorithms: DER SET OF ordering enforced
        var encapsulated = signedData.ReadSequence();
        Expect(encapsulated.ReadObjectIdentifier(), TstInfoOid, "eContentType");
        var explicitEContent = encapsulated.ReadSequence(Context0);
        encapsulated.ThrowIfNotEmpty();
        byte[] tstInfoDer = explicitEContent.ReadOctetString();
        explicitEContent.ThrowIfNotEmpty();
        if (signedData.PeekTag() == Context0)
        {
            signedData.ReadSetOf(Context0); // certificates
        }

        if (signedData.PeekTag() == Context1)
        {
            signedData.ReadSetOf(Context1); // crls
        }

        var signerInfos = signedData.ReadSetOf();
        signerInfos.ReadSequence();
        signerInfos.ThrowIfNotEmpty(); // exactly one SignerInfo
        signedData.ThrowIfNotEmpty();

        return DecodeTstInfo(tstInfoDer);
    }

    public static GrantedToken DecodeTstInfo(byte[] tstInfoDer)
    {
        var outer = new AsnReader(tstInfoDer, AsnEncodingRules.DER);
        var tstInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        if (!tstInfo.TryReadInt32(out int version) || version != 1)
        {
            throw new AsnContentException("TSTInfo version is not v1");
        }

        tstInfo.ReadObjectIdentifier(); // policy
        var messageImprint = tstInfo.ReadSequence();
        var algorithm = messageImprint.ReadSequence();
        algorithm.ReadObjectIdentifier();
        if (algorithm.HasData)
        {
            algorithm.ReadNull();
        }

        algorithm.ThrowIfNotEmpty();
        byte[] hashedMessage = messageImprint.ReadOctetString();
        messageImprint.ThrowIfNotEmpty();

        byte[] serialOctets = tstInfo.ReadIntegerBytes().ToArray(); // DER: minimal two's complement
        var serial = new BigInteger(serialOctets, isUnsigned: false, isBigEndian: true);
        var genTime = tstInfo.ReadGeneralizedTime();

        BigInteger? nonce = null;
        if (tstInfo.HasData && tstInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            tstInfo.ReadSequence(); // accuracy
        }

        if (tstInfo.HasData && tstInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
        {
            tstInfo.ReadBoolean(); // ordering (DEFAULT FALSE: DER would omit FALSE, AsnReader checks the encoding)
        }

        if (tstInfo.HasData && tstInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            nonce = tstInfo.ReadInteger();
        }

        if (tstInfo.HasData && tstInfo.PeekTag() == Context0)
        {
            tstInfo.ReadEncodedValue(); // tsa GeneralName, EXPLICIT
        }

        if (tstInfo.HasData && tstInfo.PeekTag() == Context1)
        {
            tstInfo.ReadSequence(Context1); // extensions, IMPLICIT
        }

        tstInfo.ThrowIfNotEmpty();
        return new GrantedToken(serial, serialOctets, hashedMessage, nonce, genTime);
    }

    /// <summary>A DER TimeStampReq: v1, SHA-256 imprint, the nonce, certReq as given.</summary>
    public static byte[] EncodeRequest(byte[] sha256Imprint, BigInteger nonce, bool certReq)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("2.16.840.1.101.3.4.2.1");
                }

                writer.WriteOctetString(sha256Imprint);
            }

            writer.WriteInteger(nonce);
            if (certReq)
            {
                writer.WriteBoolean(true);
            }
        }

        return writer.Encode();
    }

    private static void Expect(string actual, string expected, string what)
    {
        if (actual != expected)
        {
            throw new AsnContentException($"{what} is {actual}, not {expected}");
        }
    }
}

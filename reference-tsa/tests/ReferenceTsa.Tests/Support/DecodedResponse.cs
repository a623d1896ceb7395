using System.Collections;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography.Pkcs;

namespace ReferenceTsa.Tests.Support;

/// <summary>A TimeStampResp decoded strictly (DER) by the test, independently of the TSA's encoders.</summary>
public sealed class DecodedResponse
{
    public required int Status { get; init; }

    public string? StatusString { get; init; }

    /// <summary>The failInfo bits that are set, by bit number.</summary>
    public required IReadOnlyList<int> FailInfoBits { get; init; }

    public byte[]? FailInfoEncoded { get; init; }

    public byte[]? Token { get; init; }

    public static DecodedResponse Decode(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var resp = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var statusInfo = resp.ReadSequence();
        int status = (int)statusInfo.ReadInteger();
        string? text = null;
        var bits = new List<int>();
        byte[]? failInfoEncoded = null;
        if (statusInfo.HasData && statusInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var freeText = statusInfo.ReadSequence();
            text = freeText.ReadCharacterString(UniversalTagNumber.UTF8String);
        }

        if (statusInfo.HasData)
        {
            failInfoEncoded = statusInfo.PeekEncodedValue().ToArray();
            BitArray failInfo = statusInfo.ReadNamedBitList(); // DER: must be minimal, no trailing zero bits
            for (int i = 0; i < failInfo.Length; i++)
            {
                if (failInfo[i])
                {
                    bits.Add(i);
                }
            }
        }

        statusInfo.ThrowIfNotEmpty();
        byte[]? token = resp.HasData ? resp.ReadEncodedValue().ToArray() : null;
        resp.ThrowIfNotEmpty();
        return new DecodedResponse { Status = status, StatusString = text, FailInfoBits = bits, FailInfoEncoded = failInfoEncoded, Token = token };
    }

    public SignedCms SignedCms()
    {
        var cms = new SignedCms();
        cms.Decode(Token ?? throw new InvalidOperationException("no token"));
        return cms;
    }

    public DecodedTstInfo TstInfo() => DecodedTstInfo.Decode(SignedCms().ContentInfo.Content);
}

/// <summary>TSTInfo fields decoded strictly by the test.</summary>
public sealed class DecodedTstInfo
{
    public required int Version { get; init; }

    public required string Policy { get; init; }

    public required byte[] MessageImprint { get; init; }

    public required BigInteger Serial { get; init; }

    public required byte[] SerialContents { get; init; }

    public required string GenTimeText { get; init; }

    public required byte[] AccuracyEncoded { get; init; }

    public byte[]? NonceContents { get; init; }

    public bool HasTsaName { get; init; }

    public List<(string Oid, bool Critical, byte[] Value)> Extensions { get; } = [];

    public static DecodedTstInfo Decode(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var r = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        int version = (int)r.ReadInteger();
        string policy = r.ReadObjectIdentifier();
        byte[] imprint = r.ReadEncodedValue().ToArray();
        var serialContents = r.ReadIntegerBytes().ToArray();
        var genTime = r.ReadEncodedValue().ToArray();
        // GeneralizedTime content: skip tag and length bytes (short form)
        string genTimeText = System.Text.Encoding.ASCII.GetString(genTime, 2, genTime[1]);
        byte[] accuracy = [];
        if (r.HasData && r.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            accuracy = r.ReadEncodedValue().ToArray();
        }

        if (r.HasData && r.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
        {
            throw new AsnContentException("ordering is present");
        }

        byte[]? nonce = null;
        if (r.HasData && r.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            nonce = r.ReadIntegerBytes().ToArray();
        }

        bool tsa = false;
        if (r.HasData && r.PeekTag() == new Asn1Tag(TagClass.ContextSpecific, 0, true))
        {
            r.ReadEncodedValue();
            tsa = true;
        }

        var info = new DecodedTstInfo
        {
            Version = version,
            Policy = policy,
            MessageImprint = imprint,
            Serial = new BigInteger(serialContents, isUnsigned: false, isBigEndian: true),
            SerialContents = serialContents,
            GenTimeText = genTimeText,
            AccuracyEncoded = accuracy,
            NonceContents = nonce,
            HasTsaName = tsa,
        };
        if (r.HasData)
        {
            var extensions = r.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1));
            while (extensions.HasData)
            {
                var e = extensions.ReadSequence();
                string oid = e.ReadObjectIdentifier();
                bool critical = e.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && e.ReadBoolean();
                info.Extensions.Add((oid, critical, e.ReadOctetString()));
            }
        }

        r.ThrowIfNotEmpty();
        return info;
    }
}

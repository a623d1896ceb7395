using System.Formats.Asn1;
using System.Numerics;

namespace Conformance.Checks.Protocol;

/// <summary>
/// A decoded TimeStampResp (RFC 3161 §2.4.2).
/// <code>
/// TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
/// PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL, failInfo PKIFailureInfo OPTIONAL }
/// </code>
/// </summary>
public sealed class TimeStampResponse
{
    private TimeStampResponse(ReadOnlyMemory<byte> encoded) => Encoded = encoded;

    public ReadOnlyMemory<byte> Encoded { get; }
    public BigInteger Status { get; private set; }
    public IReadOnlyList<string> StatusStrings { get; private set; } = [];

    /// <summary>The failInfo bits, or null when the field is absent.</summary>
    public PkiFailureInfo? FailInfo { get; private set; }

    /// <summary>The encoded TimeStampToken (a CMS ContentInfo), when present.</summary>
    public ReadOnlyMemory<byte>? TokenBytes { get; private set; }

    /// <summary>The decoded token, or null when it is absent or could not be decoded (see <see cref="TokenError"/>).</summary>
    public TimeStampToken? Token { get; private set; }

    public string? TokenError { get; private set; }

    /// <summary>Deviations from DER or from the ASN.1 module found while decoding; empty for a clean response.</summary>
    public IReadOnlyList<string> EncodingFindings { get; private set; } = [];

    public bool IsGranted => Status == 0 || Status == 1;

    public string StatusText => Status.IsZero ? "granted (0)"
        : Status.IsOne ? "grantedWithMods (1)"
        : Status == 2 ? "rejection (2)"
        : Status == 3 ? "waiting (3)"
        : Status == 4 ? "revocationWarning (4)"
        : Status == 5 ? "revocationNotification (5)"
        : $"unknown status ({Status})";

    /// <summary>What the TSA said, as a report shows it: status, failInfo bits and statusString texts.</summary>
    public string Describe() =>
        StatusText
        + (FailInfo is { } f ? $"; failInfo {f}" : "; no failInfo")
        + (StatusStrings.Count > 0 ? $"; statusString {string.Join(" / ", StatusStrings.Select(t => $"\"{t}\""))}" : "")
        + (TokenBytes is null ? "; no token" : "; with a token");

    /// <summary>Decodes a TimeStampResp. Returns false, with a message, when the bytes are not a TimeStampResp at all.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> encoded, out TimeStampResponse? response, out string? error)
    {
        bool ok = Asn1Decoding.TryDecode(encoded, "TimeStampResp", (reader, findings) => Read(encoded, reader, findings), out response, out var found, out error);
        if (ok)
        {
            response!.EncodingFindings = found;
        }

        return ok;
    }

    private static TimeStampResponse Read(ReadOnlyMemory<byte> encoded, AsnReader outer, List<string> findings)
    {
        var result = new TimeStampResponse(encoded);
        AsnReader resp = outer.ReadSequence();
        AsnReader statusInfo = resp.ReadSequence();
        result.Status = statusInfo.ReadInteger();
        if (statusInfo.HasData && statusInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var texts = new List<string>();
            AsnReader freeText = statusInfo.ReadSequence();
            while (freeText.HasData)
            {
                texts.Add(freeText.ReadCharacterString(UniversalTagNumber.UTF8String));
            }

            result.StatusStrings = texts;
        }

        if (statusInfo.HasData)
        {
            // PKIFailureInfo ::= BIT STRING; named bit n is bit n counted from the most significant bit of the first octet.
            ReadOnlyMemory<byte> failInfoEncoded = statusInfo.PeekEncodedValue();
            System.Collections.BitArray bits = statusInfo.ReadNamedBitList();
            // DER for a named bit list also drops trailing zero bits (X.690 §11.2.2), which a plain BIT STRING
            // reader does not enforce: compare with the minimal encoding of the same bits.
            int significant = bits.Length;
            while (significant > 0 && !bits[significant - 1])
            {
                significant--;
            }

            var trimmed = new System.Collections.BitArray(significant);
            for (int i = 0; i < significant; i++)
            {
                trimmed[i] = bits[i];
            }

            var minimal = new AsnWriter(AsnEncodingRules.DER);
            minimal.WriteNamedBitList(trimmed);
            if (!minimal.EncodedValueEquals(failInfoEncoded.Span))
            {
                findings.Add($"PKIStatusInfo.failInfo is not DER: a named bit list must have its trailing zero bits removed (X.690 §11.2.2); " +
                    $"encoded {Convert.ToHexString(failInfoEncoded.Span)}, DER is {Convert.ToHexString(minimal.Encode())}");
            }

            long flags = 0;
            for (int i = 0; i < Math.Min(bits.Length, 63); i++)
            {
                if (bits[i])
                {
                    flags |= 1L << i;
                }
            }

            result.FailInfo = (PkiFailureInfo)flags;
        }

        Asn1Decoding.ExpectEnd(statusInfo, "PKIStatusInfo");

        if (resp.HasData)
        {
            ReadOnlyMemory<byte> token = resp.ReadEncodedValue();
            result.TokenBytes = token;
            if (TimeStampToken.TryDecode(token, out TimeStampToken? decoded, out string? tokenError))
            {
                result.Token = decoded;
            }
            else
            {
                result.TokenError = tokenError;
            }
        }

        Asn1Decoding.ExpectEnd(resp, "TimeStampResp");
        return result;
    }
}

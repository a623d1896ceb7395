using System.Formats.Asn1;

namespace ReferenceTsa.Protocol;

/// <summary>DER encoding of TimeStampResp (RFC 3161 §2.4.2).</summary>
public static class TimeStampResponseEncoder
{
    /// <summary>A granted response carrying <paramref name="timeStampToken"/> (a DER ContentInfo).</summary>
    public static byte[] Granted(ReadOnlySpan<byte> timeStampToken)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger((int)PkiStatus.Granted);
            }

            writer.WriteEncodedValue(timeStampToken);
        }

        return writer.Encode();
    }

    /// <summary>
    /// A rejection(2) with a short statusString and the failInfo bit. The failInfo is a DER named bit list:
    /// minimal length with the trailing zero bits removed, which strict decoders require.
    /// </summary>
    public static byte[] Rejection(PkiFailureInfo failInfo, string statusText)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger((int)PkiStatus.Rejection);
                using (writer.PushSequence())
                {
                    writer.WriteCharacterString(UniversalTagNumber.UTF8String, statusText);
                }

                writer.WriteNamedBitList(failInfo);
            }
        }

        return writer.Encode();
    }
}

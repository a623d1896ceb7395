using System.Formats.Asn1;
using ReferenceTsa.Defects;

namespace ReferenceTsa.Protocol;

/// <summary>DER encoding of TimeStampResp (RFC 3161 §2.4.2).</summary>
public static class TimeStampResponseEncoder
{
    /// <summary>A granted response carrying <paramref name="timeStampToken"/> (a DER ContentInfo).</summary>
    public static byte[] Granted(ReadOnlySpan<byte> timeStampToken, ActiveDefects? defects = null)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger((int)PkiStatus.Granted);
            }

            if (!ResponseDefects.OmitToken(defects ?? ActiveDefects.None))
            {
                writer.WriteEncodedValue(timeStampToken);
            }
        }

        return writer.Encode();
    }

    /// <summary>
    /// A rejection(2) with a short statusString and the failInfo bit. The failInfo is a DER named bit list:
    /// minimal length with the trailing zero bits removed, which strict decoders require.
    /// </summary>
    public static byte[] Rejection(PkiFailureInfo failInfo, string statusText, ActiveDefects? defects = null)
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

                ResponseDefects.WriteFailInfo(writer, failInfo, defects ?? ActiveDefects.None);
            }
        }

        return writer.Encode();
    }
}

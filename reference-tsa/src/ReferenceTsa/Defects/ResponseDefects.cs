using System.Formats.Asn1;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Defects;

/// <summary>TimeStampResp defects (Protocol/TimeStampResponseEncoder consults this).</summary>
public static class ResponseDefects
{
    /// <summary>Bit 3 of PKIFailureInfo: badMessageCheck in CMP (RFC 4210), not one of the bits RFC 3161 defines.</summary>
    private const int UndefinedBit = 1 << 3;

    public static bool OmitToken(ActiveDefects defects) => defects.Has(DefectCatalogue.GrantedWithoutToken);

    /// <summary>Writes failInfo as the defects dictate: the DER named bit list, none, an undefined bit more, or BER.</summary>
    public static void WriteFailInfo(AsnWriter writer, PkiFailureInfo failInfo, ActiveDefects defects)
    {
        if (defects.Has(DefectCatalogue.FailInfoMissing))
        {
            return;
        }

        if (defects.Has(DefectCatalogue.FailInfoUndefinedBit))
        {
            failInfo = (PkiFailureInfo)((int)failInfo | UndefinedBit);
        }

        if (!defects.Has(DefectCatalogue.FailInfoBer))
        {
            writer.WriteNamedBitList(failInfo);
            return;
        }

        // BER allows what DER forbids for a named bit list (X.690 §11.2.2): a trailing zero octet, unused bits not minimal.
        var der = new AsnWriter(AsnEncodingRules.DER);
        der.WriteNamedBitList(failInfo);
        byte[] bits = der.Encode()[3..]; // tag, length (short form), unused-bit count, then the bits
        byte[] content = [0x00, .. bits, 0x00];
        writer.WriteEncodedValue([(byte)UniversalTagNumber.BitString, (byte)content.Length, .. content]);
    }
}

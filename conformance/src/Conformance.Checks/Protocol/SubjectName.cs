using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Checks.Protocol;

/// <summary>
/// The attributes of a distinguished name, every AttributeTypeAndValue of every RDN in encoding order. A multi-valued
/// RDN (e.g. C, O and CN in one SET, as some CAs issue TSU certificates) contributes each of its attributes: EN 319 422
/// §6.2 asks for the attributes, not for one attribute per RDN.
/// </summary>
public static class SubjectName
{
    public static IReadOnlyList<(string Oid, string Value)> Attributes(X500DistinguishedName name)
    {
        var attributes = new List<(string, string)>();
        foreach (X500RelativeDistinguishedName rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements)
            {
                attributes.Add((rdn.GetSingleElementType().Value ?? "", rdn.GetSingleElementValue() ?? ""));
                continue;
            }

            attributes.AddRange(MultiValued(rdn.RawData));
        }

        return attributes;
    }

    /// <summary>RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue (RFC 5280 §4.1.2.4).</summary>
    private static IEnumerable<(string Oid, string Value)> MultiValued(ReadOnlyMemory<byte> rdn)
    {
        var result = new List<(string, string)>();
        var set = new AsnReader(rdn, AsnEncodingRules.DER).ReadSetOf();
        while (set.HasData)
        {
            AsnReader pair = set.ReadSequence();
            string oid = pair.ReadObjectIdentifier();
            result.Add((oid, DirectoryString(pair)));
        }

        return result;
    }

    private static string DirectoryString(AsnReader reader)
    {
        Asn1Tag tag = reader.PeekTag();
        if (tag.TagClass == TagClass.Universal && Enum.IsDefined(typeof(UniversalTagNumber), tag.TagValue))
        {
            var type = (UniversalTagNumber)tag.TagValue;
            if (type is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String
                or UniversalTagNumber.BMPString or UniversalTagNumber.T61String or UniversalTagNumber.VisibleString)
            {
                return reader.ReadCharacterString(type);
            }
        }

        return Convert.ToHexString(reader.ReadEncodedValue().Span);
    }
}

using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace ReferenceTsa.Protocol;

/// <summary>
/// Reads a DER OBJECT IDENTIFIER (X.690 §8.19) of any number of arcs and any arc size: every sub-identifier in
/// minimal base-128 form (no leading 0x80 octet), the last octet ending the last one. A long but well-formed OID is
/// data for issuance to judge (unacceptedPolicy, badAlg), not a malformed request.
/// </summary>
public static class ObjectIdentifierReader
{
    /// <summary>Reads the next value, which must be a universal OBJECT IDENTIFIER, as dotted decimal.</summary>
    public static string Read(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag != Asn1Tag.ObjectIdentifier)
        {
            throw new AsnContentException($"expected an OBJECT IDENTIFIER, found tag {tag}");
        }

        var content = reader.PeekContentBytes();
        reader.ReadEncodedValue();
        return Decode(content.Span);
    }

    /// <summary>The dotted-decimal form of OID content octets; throws <see cref="AsnContentException"/> when they are not DER.</summary>
    public static string Decode(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            throw new AsnContentException("an OBJECT IDENTIFIER has no content octets");
        }

        if ((content[^1] & 0x80) != 0)
        {
            throw new AsnContentException("an OBJECT IDENTIFIER ends inside a sub-identifier");
        }

        var text = new StringBuilder();
        int start = 0;
        bool first = true;
        for (int i = 0; i < content.Length; i++)
        {
            if ((content[i] & 0x80) != 0)
            {
                continue;
            }

            var span = content[start..(i + 1)];
            if (span[0] == 0x80)
            {
                throw new AsnContentException("an OBJECT IDENTIFIER sub-identifier is not minimally encoded (leading 0x80 octet)");
            }

            BigInteger value = BigInteger.Zero;
            foreach (byte b in span)
            {
                value = (value << 7) | (b & 0x7F);
            }

            if (first)
            {
                // X.690 §8.19.4: the first sub-identifier packs the first two arcs as 40 * arc1 + arc2.
                var arc1 = value < 80 ? value / 40 : 2;
                text.Append(arc1.ToString(CultureInfo.InvariantCulture)).Append('.').Append((value - (arc1 * 40)).ToString(CultureInfo.InvariantCulture));
                first = false;
            }
            else
            {
                text.Append('.').Append(value.ToString(CultureInfo.InvariantCulture));
            }

            start = i + 1;
        }

        return text.ToString();
    }

    /// <summary>An OID as a message shows it: whole when short, else its first arcs and how many there are.</summary>
    public static string Describe(string oid)
    {
        if (oid.Length <= 80)
        {
            return oid;
        }

        int arcs = oid.Count(c => c == '.') + 1;
        return $"{oid[..60]}… ({arcs} arcs, {oid.Length} characters)";
    }
}

using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Conformance.Checks.Protocol;

/// <summary>
/// Decodes with strict DER first and, only if that fails, with BER, so that a structure which is readable but not DER
/// is reported as an encoding finding instead of being thrown away as garbage.
/// </summary>
internal static class Asn1Decoding
{
    public delegate T Decoder<out T>(AsnReader reader, List<string> findings);

    public static bool TryDecode<T>(
        ReadOnlyMemory<byte> encoded, string what, Decoder<T> decode, out T? value, out IReadOnlyList<string> findings, out string? error)
        where T : class
    {
        value = null;
        findings = [];
        if (encoded.IsEmpty)
        {
            error = $"{what}: no bytes";
            return false;
        }

        string? derError = null;
        error = null;
        foreach (AsnEncodingRules rules in new[] { AsnEncodingRules.DER, AsnEncodingRules.BER })
        {
            var found = new List<string>();
            try
            {
                var outer = new AsnReader(encoded, rules);
                ReadOnlyMemory<byte> first = outer.ReadEncodedValue();
                if (outer.HasData)
                {
                    found.Add($"{what}: {encoded.Length - first.Length} trailing byte(s) after the encoded value");
                }

                T decoded = decode(new AsnReader(first, rules), found);
                if (rules == AsnEncodingRules.BER)
                {
                    found.Insert(0, $"{what} is not valid DER ({derError}); it was read with BER rules");
                }

                value = decoded;
                findings = found;
                error = null;
                return true;
            }
            catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException or OverflowException or FormatException)
            {
                if (rules == AsnEncodingRules.DER)
                {
                    derError = e.Message;
                }
                else
                {
                    error = $"{what} cannot be decoded: {derError}";
                }
            }
        }

        return false;
    }

    public static void ExpectEnd(AsnReader reader, string what)
    {
        if (reader.HasData)
        {
            throw new AsnContentException($"{what} holds unexpected extra fields (tag {reader.PeekTag()})");
        }
    }

    public static string Describe(Asn1Tag tag) =>
        tag.TagClass == TagClass.Universal ? ((UniversalTagNumber)tag.TagValue).ToString() : $"[{tag.TagValue}] ({tag.TagClass})";
}

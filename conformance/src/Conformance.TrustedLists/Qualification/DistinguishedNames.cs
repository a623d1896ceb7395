using System.Security.Cryptography.X509Certificates;

namespace Conformance.TrustedLists.Qualification;

/// <summary>
/// Name comparison as relying parties do it: the set of attribute type/value pairs, case-insensitive, independent of
/// RDN order and string encoding (lists write names in either order; certificates re-issued with another string type
/// still name the same subject).
/// </summary>
internal static class DistinguishedNames
{
    public static string Normalize(X500DistinguishedName name)
    {
        var parts = new List<string>();
        foreach (X500RelativeDistinguishedName rdn in name.EnumerateRelativeDistinguishedNames())
        {
            string oid = rdn.HasMultipleElements ? "multi" : rdn.GetSingleElementType().Value ?? "?";
            string value = rdn.HasMultipleElements ? Convert.ToHexString(rdn.RawData.Span) : rdn.GetSingleElementValue() ?? Convert.ToHexString(rdn.RawData.Span);
            parts.Add(oid + "=" + string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant());
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(';', parts);
    }

    /// <summary>Parses an X509SubjectName of a list; null when .NET cannot parse the string form.</summary>
    public static string? NormalizeText(string subject)
    {
        try
        {
            return Normalize(new X500DistinguishedName(subject));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static string? Country(X500DistinguishedName name) =>
        name.EnumerateRelativeDistinguishedNames().Where(r => !r.HasMultipleElements && r.GetSingleElementType().Value == "2.5.4.6")
            .Select(r => r.GetSingleElementValue()).FirstOrDefault();
}

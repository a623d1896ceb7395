using System.Xml;

namespace Conformance.TrustedLists.Reading;

/// <summary>
/// Loads a trusted list without ever expanding hostile XML: DTDs are refused (so no external or internal entities, no
/// billion laughs), nothing is resolved over the network or the file system, and the document size is capped.
/// Whitespace is preserved because the enveloped signature covers it.
/// </summary>
public static class SafeXmlLoader
{
    /// <summary>The largest list accepted; the biggest EU member-state lists are a few MB.</summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    internal static LineNumberedDocument Load(byte[] content, string source)
    {
        if (content.LongLength > MaxBytes)
        {
            throw new TrustedListFormatException(source, 0, $"refused: {content.LongLength} bytes is more than the {MaxBytes} bytes accepted for a trusted list");
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = false,
            IgnoreWhitespace = false,
            CloseInput = true,
        };

        var document = new LineNumberedDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content, writable: false), settings);
            document.LineSource = reader as IXmlLineInfo;
            document.Load(reader);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new TrustedListFormatException(source, e.LineNumber, "refused: the document carries a DTD (document type declarations and entities are never processed in a trusted list)", e);
        }
        catch (XmlException e)
        {
            throw new TrustedListFormatException(source, e.LineNumber, $"not well-formed XML: {e.Message}", e);
        }
        finally
        {
            document.LineSource = null;
        }

        return document;
    }
}

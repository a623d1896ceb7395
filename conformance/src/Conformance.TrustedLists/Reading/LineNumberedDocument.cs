using System.Xml;

namespace Conformance.TrustedLists.Reading;

/// <summary>
/// An XmlDocument whose elements remember the line they were read from, so that a missing mandatory element can be
/// reported as file:line (XmlDocument itself keeps no line information).
/// </summary>
internal sealed class LineNumberedDocument : XmlDocument
{
    internal IXmlLineInfo? LineSource { get; set; }

    public override XmlElement CreateElement(string? prefix, string localName, string? namespaceURI) =>
        new LineNumberedElement(prefix ?? string.Empty, localName, namespaceURI, this, LineSource?.LineNumber ?? 0);

    internal static int LineOf(XmlNode? node) => node is LineNumberedElement element ? element.Line : 0;
}

internal sealed class LineNumberedElement(string prefix, string localName, string? namespaceUri, XmlDocument document, int line)
    : XmlElement(prefix, localName, namespaceUri, document)
{
    public int Line { get; } = line;
}

using System.Security.Cryptography;
using System.Xml;
using Conformance.TrustedLists.Model;
using Conformance.TrustedLists.Signing;

namespace Conformance.TrustedLists.Reading;

/// <summary>
/// One list file read and its signature verified. The list is read only from the element the verified reference
/// covers; a file whose signature does not verify is read from its document element for display, and is never
/// authentic (see <see cref="Authenticity.ListAuthenticator"/>).
/// </summary>
public sealed record TrustedListFile(TrustedList List, ListSignature Signature)
{
    public static TrustedListFile Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TrustedListFormatException(path, 0, "file not found");
        }

        if (info.Length > SafeXmlLoader.MaxBytes)
        {
            throw new TrustedListFormatException(path, 0, $"refused: {info.Length} bytes is more than the {SafeXmlLoader.MaxBytes} bytes accepted for a trusted list");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    public static TrustedListFile Parse(byte[] content, string source)
    {
        LineNumberedDocument document = SafeXmlLoader.Load(content, source);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        ListSignature signature = ListSignatureVerifier.Verify(document, out XmlElement? covered);
        XmlElement readFrom = covered ?? document.DocumentElement ?? throw new TrustedListFormatException(source, 0, "empty document");
        return new TrustedListFile(new TrustedListReader(source).Read(readFrom, sha256), signature);
    }
}

using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using Conformance.TrustedLists.Model;

namespace Conformance.TrustedLists.Reading;

/// <summary>
/// Reads the TS 119 612 structure from one TrustServiceStatusList element, strictly: an unknown list version or a
/// missing mandatory element is an error naming the file and line. Only direct child paths are followed from the
/// element given (never a descendant search), so content outside it, e.g. inside a signature's ds:Object, is never read.
/// </summary>
internal sealed class TrustedListReader(string source)
{
    private static readonly int[] SupportedVersions = [5, 6];

    public TrustedList Read(XmlElement root, string sha256)
    {
        if (root.LocalName != "TrustServiceStatusList" || root.NamespaceURI != TrustedListUris.TslNamespace)
        {
            throw Error(root, $"the document element is {{{root.NamespaceURI}}}{root.LocalName}, not a TS 119 612 TrustServiceStatusList");
        }

        XmlElement scheme = Required(root, "SchemeInformation");
        string versionText = Text(Required(scheme, "TSLVersionIdentifier"));
        if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || !SupportedVersions.Contains(version))
        {
            throw Error(scheme, $"TSLVersionIdentifier {versionText} is not a list version this reader knows (5 or 6)");
        }

        XmlElement sequence = Required(scheme, "TSLSequenceNumber");
        if (!long.TryParse(Text(sequence), NumberStyles.None, CultureInfo.InvariantCulture, out long sequenceNumber) || sequenceNumber < 1)
        {
            throw Error(sequence, $"TSLSequenceNumber '{Text(sequence)}' is not a positive integer");
        }

        XmlElement nextUpdate = Required(scheme, "NextUpdate");
        XmlElement? nextUpdateTime = Child(nextUpdate, "dateTime");
        XmlElement? providers = Child(root, "TrustServiceProviderList");
        return new TrustedList
        {
            Source = source,
            Sha256 = sha256,
            Version = version,
            SequenceNumber = sequenceNumber,
            Type = Text(Required(scheme, "TSLType")),
            Territory = Text(Required(scheme, "SchemeTerritory")),
            SchemeOperator = FirstName(Required(scheme, "SchemeOperatorName")),
            IssueDate = Time(Required(scheme, "ListIssueDateTime")),
            NextUpdate = nextUpdateTime is null ? null : Time(nextUpdateTime),
            Providers = providers is null ? [] : Children(providers, "TrustServiceProvider").Select(ReadProvider).ToList(),
            Pointers = Child(scheme, "PointersToOtherTSL") is { } pointers ? Children(pointers, "OtherTSLPointer").Select(ReadPointer).ToList() : [],
        };
    }

    private TrustServiceProvider ReadProvider(XmlElement provider)
    {
        string name = FirstName(Required(Required(provider, "TSPInformation"), "TSPName"));
        XmlElement services = Required(provider, "TSPServices");
        return new TrustServiceProvider(name, Children(services, "TSPService").Select(s => ReadService(s, name)).ToList());
    }

    private TrustService ReadService(XmlElement service, string providerName)
    {
        XmlElement information = Required(service, "ServiceInformation");
        XmlElement? supplyPoints = Child(information, "ServiceSupplyPoints");
        XmlElement? history = Child(service, "ServiceHistory");
        return new TrustService
        {
            ProviderName = providerName,
            Type = Text(Required(information, "ServiceTypeIdentifier")),
            Name = FirstName(Required(information, "ServiceName")),
            Identity = ReadIdentity(Required(information, "ServiceDigitalIdentity")),
            Status = Text(Required(information, "ServiceStatus")),
            StatusStart = Time(Required(information, "StatusStartingTime")),
            SupplyPoints = supplyPoints is null ? [] : Children(supplyPoints, "ServiceSupplyPoint").Select(Text).ToList(),
            History = history is null ? [] : Children(history, "ServiceHistoryInstance").Select(h => new ServiceHistoryEntry(
                Text(Required(h, "ServiceTypeIdentifier")), FirstName(Required(h, "ServiceName")), Text(Required(h, "ServiceStatus")),
                Time(Required(h, "StatusStartingTime")), LineNumberedDocument.LineOf(h))).ToList(),
            Line = LineNumberedDocument.LineOf(service),
        };
    }

    private ServiceDigitalIdentity ReadIdentity(XmlElement identity)
    {
        var certificates = new List<X509Certificate2>();
        var subjects = new List<string>();
        var keyIdentifiers = new List<byte[]>();
        foreach (XmlElement digitalId in Children(identity, "DigitalId"))
        {
            foreach (XmlElement value in digitalId.ChildNodes.OfType<XmlElement>().Where(e => e.NamespaceURI == TrustedListUris.TslNamespace))
            {
                switch (value.LocalName)
                {
                    case "X509Certificate":
                        certificates.Add(Certificate(value));
                        break;
                    case "X509SubjectName":
                        subjects.Add(Text(value));
                        break;
                    case "X509SKI":
                        keyIdentifiers.Add(Base64(value));
                        break;
                }
            }
        }

        return new ServiceDigitalIdentity(certificates, subjects, keyIdentifiers);
    }

    private OtherListPointer ReadPointer(XmlElement pointer)
    {
        var certificates = new List<X509Certificate2>();
        if (Child(pointer, "ServiceDigitalIdentities") is { } identities)
        {
            foreach (XmlElement identity in Children(identities, "ServiceDigitalIdentity"))
            {
                certificates.AddRange(ReadIdentity(identity).Certificates);
            }
        }

        string? territory = null;
        string? mimeType = null;
        if (Child(pointer, "AdditionalInformation") is { } additional)
        {
            foreach (XmlElement other in Children(additional, "OtherInformation"))
            {
                territory ??= Child(other, "SchemeTerritory") is { } t ? Text(t) : null;
                mimeType ??= other.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "MimeType" && e.NamespaceURI == TrustedListUris.AdditionalTypesNamespace) is { } m ? Text(m) : null;
            }
        }

        return new OtherListPointer(territory ?? throw Error(pointer, "OtherTSLPointer has no SchemeTerritory in its AdditionalInformation"),
            Text(Required(pointer, "TSLLocation")), mimeType, certificates);
    }

    private X509Certificate2 Certificate(XmlElement element)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(Base64(element));
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw Error(element, $"X509Certificate is not a DER certificate: {e.Message}");
        }
    }

    private byte[] Base64(XmlElement element)
    {
        try
        {
            return Convert.FromBase64String(Text(element));
        }
        catch (FormatException)
        {
            throw Error(element, $"{element.LocalName} is not base64");
        }
    }

    private DateTimeOffset Time(XmlElement element)
    {
        string text = Text(element);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time)
            || !text.Contains('T', StringComparison.Ordinal))
        {
            throw Error(element, $"{element.LocalName} '{text}' is not an xsd:dateTime");
        }

        return time;
    }

    private string FirstName(XmlElement names)
    {
        List<XmlElement> all = Children(names, "Name").ToList();
        XmlElement name = all.FirstOrDefault(n => n.GetAttribute("xml:lang") == "en") ?? all.FirstOrDefault() ?? throw Error(names, $"{names.LocalName} has no Name");
        return Text(name);
    }

    private XmlElement Required(XmlElement parent, string name) =>
        Child(parent, name) ?? throw Error(parent, $"mandatory element {name} is missing in {parent.LocalName}");

    private static XmlElement? Child(XmlElement parent, string name) => Children(parent, name).FirstOrDefault();

    private static IEnumerable<XmlElement> Children(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == name && e.NamespaceURI == TrustedListUris.TslNamespace);

    private static string Text(XmlElement element) => element.InnerText.Trim();

    private TrustedListFormatException Error(XmlNode node, string message) => new(source, LineNumberedDocument.LineOf(node), message);
}

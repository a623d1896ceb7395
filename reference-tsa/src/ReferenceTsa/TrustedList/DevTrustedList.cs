using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using ReferenceTsa.Defects;

namespace ReferenceTsa.TrustedList;

/// <summary>
/// The development EU trusted list of the reference TSA (ETSI TS 119 612 v2, list version 5): a member-state list for
/// the TSU certificate's country naming the qualified TSU as a TSA/QTST service granted since its certificate's
/// notBefore, signed by a development TL signing key, and a development list of lists announcing that key, signed by a
/// development LOTL key whose certificate stands in for the Official Journal's. Written by dev init and rewritten at
/// each start, so that the trusted-list defects (site TrustedList) shape what the list says.
/// </summary>
public static class DevTrustedList
{
    public const string ListFileName = "dev-trusted-list.xml";
    public const string ListOfListsFileName = "dev-lotl.xml";
    public const string ListOfListsSignerFileName = "dev-lotl-signer.pem";
    private const string ListSignerFileName = "dev-tl-signer.pem";
    private const string ListSignerKeyFileName = "dev-tl-signer-key.pem";
    private const string ListOfListsSignerKeyFileName = "dev-lotl-signer-key.pem";

    private const string Tsl = "http://uri.etsi.org/02231/v2#";
    private const string Qtst = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST";
    private const string GenericTsa = "http://uri.etsi.org/TrstSvc/Svctype/TSA";
    private const string Granted = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted";
    private const string Withdrawn = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn";

    /// <summary>Writes both lists into <paramref name="dataDirectory"/>; the signing keys are created there on first use.</summary>
    public static void Write(string dataDirectory, X509Certificate2 qualifiedTsu, ActiveDefects defects, DateTimeOffset now)
    {
        using RSA listKey = LoadOrCreateSigner(dataDirectory, ListSignerFileName, ListSignerKeyFileName, "Reference TSA Development Trusted List Signer", out X509Certificate2 listSigner);
        using RSA lotlKey = LoadOrCreateSigner(dataDirectory, ListOfListsSignerFileName, ListOfListsSignerKeyFileName, "Reference TSA Development LOTL Signer", out X509Certificate2 lotlSigner);
        string territory = qualifiedTsu.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => !r.HasMultipleElements && r.GetSingleElementType().Value == "2.5.4.6").Select(r => r.GetSingleElementValue()).FirstOrDefault() ?? "NO";

        var document = new XmlDocument { PreserveWhitespace = true };
        XmlElement root = Root(document);
        XmlElement scheme = Scheme(root, territory, now, "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric");
        Add(scheme, "ListIssueDateTime", Time(now.AddMinutes(-1)));
        Add(Add(scheme, "NextUpdate"), "dateTime", Time(now.AddDays(180)));
        XmlElement provider = Add(Add(root, "TrustServiceProviderList"), "TrustServiceProvider");
        AddName(Add(Add(provider, "TSPInformation"), "TSPName"), "Reference TSA Development");
        XmlElement services = Add(provider, "TSPServices");
        if (defects.Has(DefectCatalogue.TsuNotOnTrustedList))
        {
            // Only a retired unit with another key is listed: nothing names the qualified TSU's key and subject.
            using RSA retiredKey = RSA.Create(2048);
            using X509Certificate2 retired = new CertificateRequest("CN=Reference TSA QTSU 0 (retired), O=Reference TSA Development, C=" + territory, retiredKey,
                HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(now.AddYears(-3), now.AddYears(-1));
            Service(services, retired, Qtst, Granted, retired.NotBefore, history: null);
        }
        else if (defects.Has(DefectCatalogue.QtstWithdrawnBeforeGenTime))
        {
            Service(services, qualifiedTsu, Qtst, Withdrawn, now.AddHours(-1), history: (Qtst, Granted, qualifiedTsu.NotBefore));
        }
        else
        {
            Service(services, qualifiedTsu, defects.Has(DefectCatalogue.ListedAsGenericTsa) ? GenericTsa : Qtst, Granted, qualifiedTsu.NotBefore, history: null);
        }

        Sign(document, listKey, listSigner);
        SavePublic(document, Path.Combine(dataDirectory, ListFileName));

        var lotl = new XmlDocument { PreserveWhitespace = true };
        XmlElement lotlRoot = Root(lotl);
        XmlElement lotlScheme = Scheme(lotlRoot, "EU", now, "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists");
        XmlElement pointer = Add(Add(lotlScheme, "PointersToOtherTSL"), "OtherTSLPointer");
        Add(Add(Add(Add(pointer, "ServiceDigitalIdentities"), "ServiceDigitalIdentity"), "DigitalId"), "X509Certificate", Convert.ToBase64String(listSigner.RawData));
        Add(pointer, "TSLLocation", "http://reference-tsa.invalid/" + ListFileName);
        XmlElement additional = Add(pointer, "AdditionalInformation");
        Add(Add(additional, "OtherInformation"), "SchemeTerritory", territory);
        XmlElement mime = lotl.CreateElement("ns3", "MimeType", "http://uri.etsi.org/02231/v2/additionaltypes#");
        mime.InnerText = "application/vnd.etsi.tsl+xml";
        Add(additional, "OtherInformation").AppendChild(mime);
        Add(lotlScheme, "ListIssueDateTime", Time(now.AddMinutes(-1)));
        Add(Add(lotlScheme, "NextUpdate"), "dateTime", Time(now.AddDays(180)));
        Sign(lotl, lotlKey, lotlSigner);
        SavePublic(lotl, Path.Combine(dataDirectory, ListOfListsFileName));
        listSigner.Dispose();
        lotlSigner.Dispose();
    }

    private static XmlElement Root(XmlDocument document)
    {
        XmlElement root = document.CreateElement("TrustServiceStatusList", Tsl);
        root.SetAttribute("TSLTag", "http://uri.etsi.org/19612/TSLTag");
        document.AppendChild(root);
        return root;
    }

    private static XmlElement Scheme(XmlElement root, string territory, DateTimeOffset now, string type)
    {
        XmlElement scheme = Add(root, "SchemeInformation");
        Add(scheme, "TSLVersionIdentifier", "5");
        // A new sequence number per second of writing: each rewrite is a new issue of the list.
        Add(scheme, "TSLSequenceNumber", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Add(scheme, "TSLType", type);
        AddName(Add(scheme, "SchemeOperatorName"), "Reference TSA development scheme operator (not a supervisory body)");
        Add(scheme, "SchemeTerritory", territory);
        return scheme;
    }

    private static void Service(XmlElement services, X509Certificate2 identity, string type, string status, DateTimeOffset start, (string Type, string Status, DateTimeOffset Start)? history)
    {
        XmlElement service = Add(services, "TSPService");
        XmlElement information = Add(service, "ServiceInformation");
        Add(information, "ServiceTypeIdentifier", type);
        string name = identity.GetNameInfo(X509NameType.SimpleName, false);
        AddName(Add(information, "ServiceName"), name);
        XmlElement digitalIdentity = Add(information, "ServiceDigitalIdentity");
        Add(Add(digitalIdentity, "DigitalId"), "X509Certificate", Convert.ToBase64String(identity.RawData));
        Add(Add(digitalIdentity, "DigitalId"), "X509SubjectName", identity.Subject);
        Add(information, "ServiceStatus", status);
        Add(information, "StatusStartingTime", Time(start));
        if (history is var (historyType, historyStatus, historyStart))
        {
            XmlElement instance = Add(Add(service, "ServiceHistory"), "ServiceHistoryInstance");
            Add(instance, "ServiceTypeIdentifier", historyType);
            AddName(Add(instance, "ServiceName"), name);
            Add(Add(Add(instance, "ServiceDigitalIdentity"), "DigitalId"), "X509SubjectName", identity.Subject);
            Add(instance, "ServiceStatus", historyStatus);
            Add(instance, "StatusStartingTime", Time(historyStart));
        }
    }

    /// <summary>Enveloped signature over the whole document (URI ""), exclusive canonicalisation, RSA with SHA-256, as EU lists are signed.</summary>
    private static void Sign(XmlDocument document, RSA key, X509Certificate2 signer)
    {
        var signed = new SignedXml(document) { SigningKey = key };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;
        var reference = new Reference(string.Empty) { DigestMethod = SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(signer));
        signed.KeyInfo = keyInfo;
        signed.ComputeSignature();
        document.DocumentElement!.AppendChild(document.ImportNode(signed.GetXml(), true));
    }

    private static RSA LoadOrCreateSigner(string dataDirectory, string certificateFile, string keyFile, string commonName, out X509Certificate2 certificate)
    {
        string certificatePath = Path.Combine(dataDirectory, certificateFile);
        string keyPath = Path.Combine(dataDirectory, keyFile);
        var key = RSA.Create(3072);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            key.ImportFromPem(File.ReadAllText(keyPath));
            certificate = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
            return key;
        }

        var request = new CertificateRequest($"CN={commonName} (not for production), O=Reference TSA Development, C=NO", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(10));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        MakePublic(certificatePath);
        WriteSecret(keyPath, key.ExportPkcs8PrivateKeyPem());
        return key;
    }

    /// <summary>Lists and certificates are public: 0644 whatever the umask, so serve's permission checks accept the folder.</summary>
    private static void SavePublic(XmlDocument document, string path)
    {
        document.Save(path);
        MakePublic(path);
    }

    private static void MakePublic(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private static void WriteSecret(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.UTF8, options);
        writer.Write(text);
    }

    private static XmlElement Add(XmlElement parent, string name, string? text = null)
    {
        XmlElement element = parent.OwnerDocument.CreateElement(name, Tsl);
        if (text is not null)
        {
            element.InnerText = text;
        }

        parent.AppendChild(element);
        return element;
    }

    private static void AddName(XmlElement parent, string text)
    {
        XmlElement name = Add(parent, "Name", text);
        XmlAttribute language = parent.OwnerDocument.CreateAttribute("xml", "lang", "http://www.w3.org/XML/1998/namespace");
        language.Value = "en";
        name.Attributes.Append(language);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using Conformance.TrustedLists.Signing;

namespace Conformance.TrustedLists.Tests.Infrastructure;

/// <summary>A service entry of a self-made list: identity certificate, type, current status, and history (newest first).</summary>
public sealed record TestService(string Name, X509Certificate2 Identity, string Type, string Status, DateTimeOffset Start,
    params (string Type, string Status, DateTimeOffset Start)[] History);

/// <summary>
/// Writes TS 119 612 lists (member-state lists and a list of lists) and signs them as the real ones are signed:
/// enveloped XMLDSig, exclusive canonicalisation, a whole-document reference.
/// </summary>
internal static class TestListBuilder
{
    public const string Qtst = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST";
    public const string GenericTsa = "http://uri.etsi.org/TrstSvc/Svctype/TSA";
    public const string Granted = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted";
    public const string Withdrawn = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn";
    public const string Accredited = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/accredited";

    public static string MemberList(string territory, long sequence, DateTimeOffset issued, DateTimeOffset nextUpdate, IEnumerable<TestService> services, int version = 5, string? rootId = null)
    {
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"<TrustServiceStatusList xmlns=\"http://uri.etsi.org/02231/v2#\" TSLTag=\"http://uri.etsi.org/19612/TSLTag\"{(rootId is null ? "" : $" Id=\"{rootId}\"")}>\n");
        xml.Append(Scheme(territory, sequence, issued, nextUpdate, "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric", version, string.Empty));
        xml.Append("  <TrustServiceProviderList>\n");
        foreach (IGrouping<string, TestService> provider in services.GroupBy(s => s.Name.Split(' ')[0]))
        {
            xml.Append(Provider(provider.Key, provider));
        }

        xml.Append("  </TrustServiceProviderList>\n</TrustServiceStatusList>\n");
        return xml.ToString();
    }

    public static string Provider(string name, IEnumerable<TestService> services)
    {
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"    <TrustServiceProvider>\n      <TSPInformation><TSPName><Name xml:lang=\"en\">{name}</Name></TSPName></TSPInformation>\n      <TSPServices>\n");
        foreach (TestService service in services)
        {
            xml.Append(CultureInfo.InvariantCulture, $"""
                        <TSPService>
                          <ServiceInformation>
                            <ServiceTypeIdentifier>{service.Type}</ServiceTypeIdentifier>
                            <ServiceName><Name xml:lang="en">{service.Name}</Name></ServiceName>
                            <ServiceDigitalIdentity><DigitalId><X509Certificate>{Convert.ToBase64String(service.Identity.RawData)}</X509Certificate></DigitalId></ServiceDigitalIdentity>
                            <ServiceStatus>{service.Status}</ServiceStatus>
                            <StatusStartingTime>{Time(service.Start)}</StatusStartingTime>
                            <ServiceSupplyPoints><ServiceSupplyPoint>http://127.0.0.1/{Uri.EscapeDataString(service.Name)}</ServiceSupplyPoint></ServiceSupplyPoints>
                          </ServiceInformation>

                """);
            if (service.History.Length > 0)
            {
                xml.Append("          <ServiceHistory>\n");
                foreach (var (type, status, start) in service.History)
                {
                    xml.Append(CultureInfo.InvariantCulture, $"            <ServiceHistoryInstance><ServiceTypeIdentifier>{type}</ServiceTypeIdentifier><ServiceName><Name xml:lang=\"en\">{service.Name}</Name></ServiceName><ServiceDigitalIdentity><DigitalId><X509SubjectName>{service.Identity.Subject}</X509SubjectName></DigitalId></ServiceDigitalIdentity><ServiceStatus>{status}</ServiceStatus><StatusStartingTime>{Time(start)}</StatusStartingTime></ServiceHistoryInstance>\n");
                }

                xml.Append("          </ServiceHistory>\n");
            }

            xml.Append("        </TSPService>\n");
        }

        xml.Append("      </TSPServices>\n    </TrustServiceProvider>\n");
        return xml.ToString();
    }

    public static string ListOfLists(long sequence, DateTimeOffset issued, params (string Territory, string Location, X509Certificate2[] Signers)[] pointers)
    {
        var pointerXml = new StringBuilder("    <PointersToOtherTSL>\n");
        foreach (var (territory, location, signers) in pointers)
        {
            pointerXml.Append("      <OtherTSLPointer><ServiceDigitalIdentities>");
            foreach (X509Certificate2 signer in signers)
            {
                pointerXml.Append(CultureInfo.InvariantCulture, $"<ServiceDigitalIdentity><DigitalId><X509Certificate>{Convert.ToBase64String(signer.RawData)}</X509Certificate></DigitalId></ServiceDigitalIdentity>");
            }

            pointerXml.Append(CultureInfo.InvariantCulture, $"</ServiceDigitalIdentities><TSLLocation>{location}</TSLLocation><AdditionalInformation><OtherInformation><SchemeTerritory>{territory}</SchemeTerritory></OtherInformation><OtherInformation><ns3:MimeType xmlns:ns3=\"http://uri.etsi.org/02231/v2/additionaltypes#\">application/vnd.etsi.tsl+xml</ns3:MimeType></OtherInformation></AdditionalInformation></OtherTSLPointer>\n");
        }

        pointerXml.Append("    </PointersToOtherTSL>\n");
        return "<TrustServiceStatusList xmlns=\"http://uri.etsi.org/02231/v2#\">\n"
            + Scheme("EU", sequence, issued, issued.AddMonths(6), "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists", 5, pointerXml.ToString())
            + "</TrustServiceStatusList>\n";
    }

    /// <summary>Signs with an enveloped signature; <paramref name="referenceUri"/> "" covers the whole document.</summary>
    public static byte[] Sign(string xml, X509Certificate2 signer, string? signatureMethod = null, string digestMethod = SignedXml.XmlDsigSHA256Url, string referenceUri = "")
    {
        XmlDsigAlgorithms.EnsureRegistered();
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)signer.GetRSAPrivateKey() ?? signer.GetECDsaPrivateKey() ?? throw new InvalidOperationException("signer has no private key");
        var signed = new SignedXml(document) { SigningKey = key };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = signatureMethod ?? (key is ECDsa ? XmlDsigAlgorithms.EcdsaSha256 : XmlDsigAlgorithms.RsaSha256);
        var reference = new Reference(referenceUri) { DigestMethod = digestMethod };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signed.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(signer));
        signed.KeyInfo = keyInfo;
        signed.ComputeSignature();
        document.DocumentElement!.AppendChild(document.ImportNode(signed.GetXml(), true));
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private static string Scheme(string territory, long sequence, DateTimeOffset issued, DateTimeOffset nextUpdate, string type, int version, string pointers) => $"""
          <SchemeInformation>
            <TSLVersionIdentifier>{version}</TSLVersionIdentifier>
            <TSLSequenceNumber>{sequence}</TSLSequenceNumber>
            <TSLType>{type}</TSLType>
            <SchemeOperatorName><Name xml:lang="en">Test scheme operator {territory}</Name></SchemeOperatorName>
            <SchemeTerritory>{territory}</SchemeTerritory>
        {pointers}    <ListIssueDateTime>{Time(issued)}</ListIssueDateTime>
            <NextUpdate><dateTime>{Time(nextUpdate)}</dateTime></NextUpdate>
          </SchemeInformation>

        """;

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

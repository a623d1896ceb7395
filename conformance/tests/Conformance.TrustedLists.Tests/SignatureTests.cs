using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using Conformance.TrustedLists.Qualification;
using Conformance.TrustedLists.Reading;
using Conformance.TrustedLists.Signing;
using Conformance.TrustedLists.Tests.Infrastructure;

namespace Conformance.TrustedLists.Tests;

public sealed class SignatureTests(TestWorld world) : IClassFixture<TestWorld>
{
    [Theory]
    [InlineData(XmlDsigAlgorithms.RsaSha256)]
    [InlineData(XmlDsigAlgorithms.RsaSha512)]
    [InlineData(XmlDsigAlgorithms.RsaPssSha256)]
    public void Rsa_signatures_verify_and_cover_the_whole_list(string method)
    {
        string xml = TestListBuilder.MemberList("BE", 80, TestWorld.Issued, TestWorld.NextUpdate, [world.GrantedQtst()]);
        ListSignature signature = TrustedListFile.Parse(TestListBuilder.Sign(xml, world.TsaCa, method), "rsa.xml").Signature;
        Assert.Equal(ListSignatureStatus.Valid, signature.Status);
        Assert.Equal(method, signature.SignatureMethod);
        Assert.Contains("covers the whole list", signature.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ecdsa_signature_verifies_with_raw_r_and_s()
    {
        ListSignature signature = TrustedListFile.Parse(world.SignedBelgianList(world.GrantedQtst()), "ec.xml").Signature;
        Assert.Equal(ListSignatureStatus.Valid, signature.Status);
        Assert.Equal(XmlDsigAlgorithms.EcdsaSha256, signature.SignatureMethod);
        Assert.Equal(world.BelgianSigner.RawData, signature.Signer!.RawData);
    }

    [Fact]
    public void A_sha1_signature_is_refused_even_though_it_would_verify()
    {
        string xml = TestListBuilder.MemberList("BE", 80, TestWorld.Issued, TestWorld.NextUpdate, [world.GrantedQtst()]);
        ListSignature signature = TrustedListFile.Parse(TestListBuilder.Sign(xml, world.TsaCa, SignedXml.XmlDsigRSASHA1Url), "sha1.xml").Signature;
        Assert.Equal(ListSignatureStatus.RefusedAlgorithm, signature.Status);
        Assert.Contains("SHA-1", signature.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sha1_reference_digest_is_refused()
    {
        string xml = TestListBuilder.MemberList("BE", 80, TestWorld.Issued, TestWorld.NextUpdate, [world.GrantedQtst()]);
        ListSignature signature = TrustedListFile.Parse(TestListBuilder.Sign(xml, world.TsaCa, digestMethod: SignedXml.XmlDsigSHA1Url), "sha1-digest.xml").Signature;
        Assert.Equal(ListSignatureStatus.RefusedAlgorithm, signature.Status);
    }

    [Fact]
    public void One_changed_byte_inside_a_service_breaks_the_signature_and_no_decision_is_qualified()
    {
        byte[] signed = world.SignedBelgianList(world.GrantedQtst("TSP Test TSU 1"));
        string text = Encoding.UTF8.GetString(signed);
        int at = text.IndexOf("TSP Test TSU 1", StringComparison.Ordinal);
        signed[Encoding.UTF8.GetByteCount(text[..at]) + 4] = (byte)'X';

        TrustedListFile file = TrustedListFile.Parse(signed, "tampered.xml");
        Assert.Equal(ListSignatureStatus.Invalid, file.Signature.Status);
        Assert.Contains("does not verify", file.Signature.Detail, StringComparison.Ordinal);

        QualificationDecision decision = world.Decide(signed);
        Assert.Equal(Qualified.Unknown, decision.AtGenTime.Value);
        Assert.Contains("INVALID", decision.AtGenTime.Reason, StringComparison.Ordinal);
        Assert.Null(decision.Deciding);
    }

    [Fact]
    public void An_unsigned_list_is_reported_unsigned_and_never_authentic()
    {
        string xml = TestListBuilder.MemberList("BE", 80, TestWorld.Issued, TestWorld.NextUpdate, [world.GrantedQtst()]);
        byte[] unsigned = Encoding.UTF8.GetBytes(xml);
        Assert.Equal(ListSignatureStatus.Unsigned, TrustedListFile.Parse(unsigned, "unsigned.xml").Signature.Status);
        Assert.Equal(Qualified.Unknown, world.Decide(unsigned).AtGenTime.Value);
    }

    /// <summary>
    /// XML signature wrapping: the signed list (referenced by Id) is moved into the signature's ds:Object and a new
    /// document element with an extra, unsigned provider takes its place. The signature still verifies over the moved
    /// element; only that element may be read, and the list is not authentic.
    /// </summary>
    [Fact]
    public void A_wrapped_list_does_not_add_the_unsigned_provider_and_is_not_authentic()
    {
        string original = TestListBuilder.MemberList("BE", 80, TestWorld.Issued, TestWorld.NextUpdate, [world.GrantedQtst("TSP Test TSU 1")], rootId: "tsl");
        byte[] signed = TestListBuilder.Sign(original, world.BelgianSigner, referenceUri: "#tsl");
        Assert.Equal(ListSignatureStatus.Valid, TrustedListFile.Parse(signed, "by-id.xml").Signature.Status);

        byte[] wrapped = Wrap(signed, TestListBuilder.Provider("Attacker", [world.GrantedQtst("Attacker TSU 2", world.OtherTsu)]));
        TrustedListFile file = TrustedListFile.Parse(wrapped, "wrapped.xml");

        Assert.Equal(ListSignatureStatus.Wrapped, file.Signature.Status);
        Assert.DoesNotContain(file.List.Providers, p => p.Name == "Attacker");
        Assert.Equal("TSP", Assert.Single(file.List.Providers).Name);
        QualificationDecision forAttacker = world.Decide(wrapped, world.OtherTsu);
        Assert.Equal(Qualified.Unknown, forAttacker.AtGenTime.Value);
        Assert.Contains("WRAPPED", forAttacker.AtGenTime.Reason, StringComparison.Ordinal);
        Assert.Empty(forAttacker.Matches);
    }

    private static byte[] Wrap(byte[] signed, string extraProviderXml)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.Load(new MemoryStream(signed));
        XmlElement originalRoot = document.DocumentElement!;
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("ds", SignedXml.XmlDsigNamespaceUrl);
        ns.AddNamespace("tsl", "http://uri.etsi.org/02231/v2#");
        XmlElement signature = (XmlElement)originalRoot.SelectSingleNode("ds:Signature", ns)!;
        originalRoot.RemoveChild(signature);

        var fake = (XmlElement)originalRoot.CloneNode(true);
        fake.RemoveAttribute("Id");
        var fragment = document.CreateDocumentFragment();
        fragment.InnerXml = $"<wrap xmlns=\"http://uri.etsi.org/02231/v2#\">{extraProviderXml}</wrap>";
        XmlNode providers = fake.SelectSingleNode("tsl:TrustServiceProviderList", ns)!;
        foreach (XmlNode provider in fragment.FirstChild!.ChildNodes.Cast<XmlNode>().ToList())
        {
            providers.AppendChild(provider);
        }

        XmlElement objectElement = document.CreateElement("ds", "Object", SignedXml.XmlDsigNamespaceUrl);
        objectElement.AppendChild(originalRoot);
        signature.AppendChild(objectElement);
        fake.AppendChild(signature);
        document.RemoveAll();
        document.AppendChild(fake);
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }
}

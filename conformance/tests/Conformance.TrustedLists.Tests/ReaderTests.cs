using System.Text;
using Conformance.TrustedLists.Model;
using Conformance.TrustedLists.Reading;
using Conformance.TrustedLists.Tests.Infrastructure;

namespace Conformance.TrustedLists.Tests;

public sealed class ReaderTests(TestWorld world) : IClassFixture<TestWorld>
{
    [Fact]
    public void A_self_made_list_is_read_with_scheme_information_services_history_and_supply_points()
    {
        var service = new TestService("TSP Test TSU 1", world.Tsu, TestListBuilder.Qtst, TestListBuilder.Withdrawn, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero),
            (TestListBuilder.Qtst, TestListBuilder.Granted, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            (TestListBuilder.GenericTsa, TestListBuilder.Accredited, new DateTimeOffset(2012, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        TrustedList list = TrustedListFile.Parse(world.SignedBelgianList(service), "be.xml").List;

        Assert.Equal(("BE", 80L, 5), (list.Territory, list.SequenceNumber, list.Version));
        Assert.Equal(TestWorld.Issued, list.IssueDate);
        Assert.Equal(TestWorld.NextUpdate, list.NextUpdate);
        TrustService read = Assert.Single(list.Providers.SelectMany(p => p.Services));
        Assert.Equal((TestListBuilder.Qtst, TestListBuilder.Withdrawn), (read.Type, read.Status));
        Assert.Equal([new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2012, 1, 1, 0, 0, 0, TimeSpan.Zero)], read.History.Select(h => h.StatusStart));
        Assert.Equal(world.Tsu.RawData, Assert.Single(read.Identity.Certificates).RawData);
        Assert.Equal("http://127.0.0.1/TSP%20Test%20TSU%201", Assert.Single(read.SupplyPoints));
        Assert.True(read.Line > 1, "the service's line in the file is recorded");
    }

    [Fact]
    public void A_dtd_is_refused_and_entities_are_never_expanded()
    {
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#">&lol3;</TrustServiceStatusList>
            """;
        var error = Assert.Throws<TrustedListFormatException>(() => TrustedListFile.Parse(Encoding.UTF8.GetBytes(laughs), "laughs.xml"));
        Assert.Contains("laughs.xml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_external_entity_is_refused()
    {
        const string xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><TrustServiceStatusList xmlns=\"http://uri.etsi.org/02231/v2#\">&xxe;</TrustServiceStatusList>";
        var error = Assert.Throws<TrustedListFormatException>(() => TrustedListFile.Parse(Encoding.UTF8.GetBytes(xxe), "xxe.xml"));
        Assert.DoesNotContain("root:", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_file_is_refused_before_parsing()
    {
        byte[] huge = new byte[SafeXmlLoader.MaxBytes + 1];
        var error = Assert.Throws<TrustedListFormatException>(() => TrustedListFile.Parse(huge, "huge.xml"));
        Assert.Contains("more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_list_version_is_an_error_naming_file_and_line()
    {
        string xml = TestListBuilder.MemberList("BE", 1, TestWorld.Issued, TestWorld.NextUpdate, [world.GrantedQtst()], version: 4);
        var error = Assert.Throws<TrustedListFormatException>(() => TrustedListFile.Parse(Encoding.UTF8.GetBytes(xml), "v4.xml"));
        Assert.StartsWith("v4.xml:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains("TSLVersionIdentifier 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_mandatory_element_is_an_error_naming_file_line_and_element()
    {
        string xml = TestListBuilder.MemberList("BE", 1, TestWorld.Issued, TestWorld.NextUpdate, [world.GrantedQtst()])
            .Replace("<StatusStartingTime>2025-06-01T00:00:00Z</StatusStartingTime>", string.Empty, StringComparison.Ordinal);
        var error = Assert.Throws<TrustedListFormatException>(() => TrustedListFile.Parse(Encoding.UTF8.GetBytes(xml), "missing.xml"));
        int line = xml.Split('\n').ToList().FindIndex(l => l.Contains("<ServiceInformation>", StringComparison.Ordinal)) + 1;
        Assert.Equal($"missing.xml:{line}: mandatory element StatusStartingTime is missing in ServiceInformation", error.Message);
    }

    [Fact]
    public void Malformed_xml_is_an_error_with_its_line()
    {
        var error = Assert.Throws<TrustedListFormatException>(() => TrustedListFile.Parse(Encoding.UTF8.GetBytes("<TrustServiceStatusList>\n<a>\n</TrustServiceStatusList>"), "bad.xml"));
        Assert.StartsWith("bad.xml:3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("not well-formed", error.Message, StringComparison.Ordinal);
    }
}

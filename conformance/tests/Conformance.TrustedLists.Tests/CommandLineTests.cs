using Conformance.Cli;
using Conformance.TrustedLists.Authenticity;
using Conformance.TrustedLists.Fetching;
using Conformance.TrustedLists.Tests.Infrastructure;

namespace Conformance.TrustedLists.Tests;

/// <summary>The trusted-list verb, and inspect with trusted lists, run in-process through the executable's host.</summary>
public sealed class CommandLineTests(TestWorld world) : IClassFixture<TestWorld>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tl-cli-").FullName;

    private static (int Exit, string Out, string Err) Run(params string[] args) => Conformance.Cli.Tests.Cli.Invoke(args);

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private string Pem(string name, params System.Security.Cryptography.X509Certificates.X509Certificate2[] certificates)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
        return path;
    }

    private (string List, string Lotl, string Signer) WriteWorld(params TestService[] services)
    {
        string lotl = Path.Combine(_folder, "lotl.xml");
        File.WriteAllBytes(lotl, TestListBuilder.Sign(TestListBuilder.ListOfLists(400, TestWorld.Issued, ("BE", "http://127.0.0.1/BE.xml", [world.BelgianSigner])), world.LotlSigner));
        string list = Write("BE.xml", TestListBuilder.Sign(TestListBuilder.MemberList("BE", 80, TestWorld.Issued, DateTimeOffset.UtcNow.AddMonths(3), services), world.BelgianSigner));
        return (list, lotl, Pem("lotl-signer.pem", world.LotlSigner));
    }

    [Fact]
    public void Show_prints_territory_sequence_dates_signature_authenticity_and_the_qtst_services()
    {
        var (list, lotl, signer) = WriteWorld(world.GrantedQtst());
        var (exit, output, error) = Run("trusted-list", "show", list, "--lotl", lotl, "--lotl-signer", signer);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("Territory BE, sequence number 80, list version 5", output, StringComparison.Ordinal);
        Assert.Contains("Signature: valid: ecdsa-sha256", output, StringComparison.Ordinal);
        Assert.Contains("Authenticity: authentic", output, StringComparison.Ordinal);
        Assert.Contains("\"TSP Test TSU 1\" (TSA/QTST)", output, StringComparison.Ordinal);
        Assert.Contains("TSA/QTST granted (current status", output, StringComparison.Ordinal);
        Assert.Contains("supply point http://127.0.0.1/TSP%20Test%20TSU%201", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_names_file_and_line_of_a_malformed_list()
    {
        string bad = Path.Combine(_folder, "bad.xml");
        File.WriteAllText(bad, "<TrustServiceStatusList xmlns=\"http://uri.etsi.org/02231/v2#\">\n<SchemeInformation>\n</TrustServiceStatusList>");
        var (exit, _, error) = Run("trusted-list", "show", bad);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"{bad}:3:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_exits_0_when_granted_1_when_withdrawn_and_2_without_a_list_for_the_territory()
    {
        var (list, lotl, signer) = WriteWorld(world.GrantedQtst());
        string tsu = Pem("tsu.pem", world.TsaCa, world.Tsu);
        var granted = Run("trusted-list", "find", "--cert", tsu, "--at", "2026-02-01T12:00:00Z", "--trusted-list", list, "--lotl", lotl, "--lotl-signer", signer);
        Assert.True(granted.Exit == ExitCodes.Ok, granted.Out + granted.Err);
        Assert.Contains("Deciding entry: \"TSP Test TSU 1\"", granted.Out, StringComparison.Ordinal);

        var notYet = Run("trusted-list", "find", "--cert", tsu, "--at", "2024-02-01T12:00:00Z", "--trusted-list", list, "--lotl", lotl, "--lotl-signer", signer);
        Assert.Equal(ExitCodes.NonConformant, notYet.Exit);
        Assert.Contains("Qualified at genTime 2024-02-01T12:00:00Z: no:", notYet.Out, StringComparison.Ordinal);

        var noList = Run("trusted-list", "find", "--cert", tsu, "--lotl", lotl, "--lotl-signer", signer);
        Assert.Equal(ExitCodes.Incomplete, noList.Exit);
        Assert.Contains("no trusted list for territory BE was supplied", noList.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_follows_the_pinned_lotl_to_the_member_list_and_revalidates_with_the_etag()
    {
        using var server = new LoopbackListServer();
        byte[] list = TestListBuilder.Sign(TestListBuilder.MemberList("BE", 80, TestWorld.Issued, TestWorld.NextUpdate, [world.GrantedQtst()]), world.BelgianSigner);
        server.Serve("/BE.xml", list);
        server.Serve("/lotl.xml", TestListBuilder.Sign(TestListBuilder.ListOfLists(400, TestWorld.Issued, ("BE", new Uri(server.BaseUrl, "BE.xml").ToString(), [world.BelgianSigner])), world.LotlSigner));
        string cache = Path.Combine(_folder, "cache");
        using var http = new HttpClient();
        var fetcher = new TrustedListFetcher(http, cache);

        FetchResult first = await fetcher.FetchAsync(new Uri(server.BaseUrl, "lotl.xml"), [world.LotlSigner], TestContext.Current.CancellationToken);
        Assert.Equal(Path.Combine(cache, "BE.xml"), Assert.Single(first.Lists));
        Assert.Equal(list, File.ReadAllBytes(first.Lists[0]));

        FetchResult second = await fetcher.FetchAsync(new Uri(server.BaseUrl, "lotl.xml"), [world.LotlSigner], TestContext.Current.CancellationToken);
        Assert.Single(second.Lists);
        Assert.Equal([200, 200, 304, 304], server.Requests.Select(r => r.Status));
        Assert.All(server.Requests.Skip(2), r => Assert.NotNull(r.IfNoneMatch));
        Assert.Contains(second.Messages, m => m.Contains("not modified", StringComparison.Ordinal));

        TrustedListSet set = TrustedListSet.Load(second.Lists, second.ListOfLists, [world.LotlSigner]);
        Assert.True(Assert.Single(set.Lists).Authenticity.IsAuthentic);
    }

    [Fact]
    public async Task Fetch_does_not_follow_an_unpinned_lotl_and_refuses_an_oversized_list()
    {
        using var server = new LoopbackListServer();
        server.Serve("/lotl.xml", TestListBuilder.Sign(TestListBuilder.ListOfLists(400, TestWorld.Issued, ("BE", new Uri(server.BaseUrl, "BE.xml").ToString(), [world.BelgianSigner])), world.LotlSigner));
        server.Serve("/BE.xml", new byte[4096]);
        using var http = new HttpClient();

        FetchResult unpinned = await new TrustedListFetcher(http, Path.Combine(_folder, "c1")).FetchAsync(new Uri(server.BaseUrl, "lotl.xml"), [world.RogueSigner], TestContext.Current.CancellationToken);
        Assert.Empty(unpinned.Lists);
        Assert.Contains(unpinned.Messages, m => m.Contains("pointers are not followed", StringComparison.Ordinal));

        FetchResult small = await new TrustedListFetcher(http, Path.Combine(_folder, "c2")) { MaxBytes = 2048 }
            .FetchAsync(new Uri(server.BaseUrl, "lotl.xml"), [world.LotlSigner], TestContext.Current.CancellationToken);
        Assert.Null(small.ListOfLists);
        Assert.Contains(small.Messages, m => m.Contains("refused", StringComparison.Ordinal));
    }

    [Fact]
    public void Inspect_judges_a_real_qualified_token_against_its_real_list()
    {
        SharedCorpus.Require();
        string lotl = SharedCorpus.List("EU-2024-05-31.xml");
        var lotlFile = Reading.TrustedListFile.Load(lotl);
        string signer = Pem("eu-lotl-signer.pem", lotlFile.Signature.Signer!);
        string token = SharedCorpus.Token("bosa-be-timestamp-unit-202301-2025_ecdsa.tst");

        var withList = Run("inspect", token, "--req", "TSP-QTS-006", "--out", Path.Combine(_folder, "out1"),
            "--trusted-list", SharedCorpus.List("BE-2025-01-27.xml"), "--lotl", lotl, "--lotl-signer", signer);
        Assert.Equal(ExitCodes.Ok, withList.Exit);
        Assert.Equal("passed", Qts006Status(Path.Combine(_folder, "out1")));
        string evidence = Directory.EnumerateFiles(Path.Combine(_folder, "out1", "evidence"), "*-trusted-list.txt").Single();
        Assert.Contains("Deciding entry: \"TSU 202301\"", File.ReadAllText(evidence), StringComparison.Ordinal);
        Assert.Contains("e3d25e9486fbd235c2765063247739258a38b43edf8f8b6dde5c749d75819a5e", File.ReadAllText(evidence), StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_folder, "out1", "evidence"), "*-trusted-list-be-seq74.xml"));

        // The report's qualified-service section: decision, list and sequence number, SHA-256, service entry and timeline.
        string html = File.ReadAllText(Path.Combine(_folder, "out1", "report.html"));
        string section = html[html.IndexOf("<section id=\"qualified-service\">", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("<td>yes: &quot;TSU 202301&quot; (TSA/QTST)", section, StringComparison.Ordinal);
        Assert.Contains("<td>BE sequence 74, issued 2025-01-27T07:35:45+00:00", section, StringComparison.Ordinal);
        Assert.Contains("<tr><th>List SHA-256</th><td>e3d25e9486fbd235c2765063247739258a38b43edf8f8b6dde5c749d75819a5e</td></tr>", section, StringComparison.Ordinal);
        Assert.Contains("<td>TSA/QTST</td><td>granted</td><td>yes</td><td>6419</td>", section, StringComparison.Ordinal);

        var without = Run("inspect", token, "--req", "TSP-QTS-006", "--out", Path.Combine(_folder, "out2"));
        Assert.Equal("error", Qts006Status(Path.Combine(_folder, "out2")));
        Assert.Contains("no EU trusted list was supplied", without.Out, StringComparison.Ordinal);
        Assert.NotEqual(ExitCodes.Ok, without.Exit);
    }

    /// <summary>The status report.json records for the one inspected file's TSP-QTS-006 scenario.</summary>
    private static string? Qts006Status(string outputDirectory)
    {
        using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outputDirectory, "report.json")));
        System.Text.Json.JsonElement input = Assert.Single(report.RootElement.GetProperty("inputs").EnumerateArray());
        System.Text.Json.JsonElement scenario = Assert.Single(input.GetProperty("scenarios").EnumerateArray(),
            s => s.GetProperty("requirementIds").EnumerateArray().Any(id => id.GetString() == "TSP-QTS-006"));
        return scenario.GetProperty("status").GetString();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

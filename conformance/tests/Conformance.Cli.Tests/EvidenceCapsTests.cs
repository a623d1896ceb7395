using System.Text.Json;
using Conformance.Checks.Evidence;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Cli.Tests;

/// <summary>
/// Caps on what a response can make the suite store, seen through the command (issue: 601 certificates per response
/// once produced 65,399 evidence files and a 179 MB report): each cap reached is a problem of the run naming the cap,
/// and the report stays renderable. The store's own caps are tested in Conformance.Checks.Tests (EvidenceStoreTests).
/// </summary>
public sealed class EvidenceCapsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Tokens_carrying_600_certificates_store_at_most_the_cap_and_the_run_names_it()
    {
        await using var tsa = new StubTsa(new StubDefects { ExtraCertificates = 600, AlwaysIncludeCertificates = true });
        string run = _temp.Combine("bloated");

        var (exit, output, error) = Cli.Invoke("run", "--url", tsa.Url.ToString(), "--tag", "token", "--rate-limit", "off", "--no-pdf", "--out", run);

        Assert.True(exit is ExitCodes.NonConformant or ExitCodes.Incomplete, $"exit {exit}\n{output}\n{error}");
        string[] evidence = Directory.GetFiles(Path.Combine(run, "evidence"));
        int tokens = evidence.Count(f => f.EndsWith("-token.tst", StringComparison.Ordinal));
        int certificates = evidence.Count(f => f.EndsWith(".cer", StringComparison.Ordinal));
        Assert.True(tokens > 0, "the run stored no token");
        Assert.True(certificates <= tokens * EvidenceCaps.Default.MaxCertificatesPerToken, $"{certificates} certificates for {tokens} tokens");
        Assert.DoesNotContain(evidence, f => f.EndsWith($"-certificate-{EvidenceCaps.Default.MaxCertificatesPerToken + 1}.cer", StringComparison.Ordinal));

        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "report.json")));
        var problems = report.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.StartsWith($"evidence cap reached: certificates per token ({EvidenceCaps.Default.MaxCertificatesPerToken})", StringComparison.Ordinal)
            && p.Contains("601 certificates in the token", StringComparison.Ordinal));
        Assert.Contains("evidence cap reached: certificates per token", output);

        // Renderable: the HTML report exists, is bounded and says where decodings were cut.
        var html = new FileInfo(Path.Combine(run, "report.html"));
        Assert.True(html.Exists);
        Assert.True(html.Length < 40L * 1024 * 1024, $"report.html is {html.Length} bytes");
    }

    public void Dispose() => _temp.Dispose();
}

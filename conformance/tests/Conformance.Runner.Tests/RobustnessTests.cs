using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Conformance.Checks.Transport;
using Conformance.Runner.Results;
using Conformance.Steps.Context;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests;

/// <summary>
/// Targets that are not time-stamping services, or not reachable: every scenario gets a result naming the URL and
/// what happened, the run completes, and report.json is written. None of these may be judged conformant.
/// </summary>
public sealed class RobustnessTests
{
    private static readonly TsaHttpOptions Fast = new() { ConnectTimeout = TimeSpan.FromSeconds(2), RequestTimeout = TimeSpan.FromSeconds(2) };

    private static async Task<(RunReport Report, JsonDocument Json)> RunAsync(Uri url, TempDirectory temp, TsaHttpOptions? http = null)
    {
        var options = new RunOptions { OutputDirectory = temp.Path, FeaturesDirectory = BasicFeatures.Directory };
        RunReport report = await ConformanceRunner.RunAsync(TargetDefinition.FromUrls(url, null, http ?? Fast), options, TestContext.Current.CancellationToken);
        return (report, JsonDocument.Parse(File.ReadAllText(temp.Combine("report.json"))));
    }

    private static void AssertAllErrors(RunReport report, JsonDocument json, string url, string expectedFragment)
    {
        Assert.Equal(Verdict.Incomplete, report.Verdict);
        Assert.Equal("incomplete", json.RootElement.GetProperty("verdict").GetString());
        Assert.NotEmpty(report.Scenarios);
        Assert.All(OnlineScenarios(report), s =>
        {
            Assert.Equal(ScenarioStatus.Error, s.Status);
            Assert.Contains(url, s.Message);
            Assert.Contains(expectedFragment, s.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("   at ", s.Message, StringComparison.Ordinal); // a message, not a stack trace
        });
    }

    /// <summary>
    /// All scenarios but those that do not apply because the target declares too little (only --url: no qualified
    /// URL, no policy OIDs); those end before any request is sent.
    /// </summary>
    private static IEnumerable<ScenarioResult> OnlineScenarios(RunReport report)
    {
        var notApplicable = report.Scenarios.Where(s => s.Status == ScenarioStatus.NotApplicable).ToList();
        Assert.Contains(notApplicable, s => s.Name.Contains("qualified service", StringComparison.Ordinal));
        Assert.All(notApplicable, s => Assert.True(
            s.Message!.Contains("no qualified URL", StringComparison.Ordinal) || s.Message.Contains("declares no", StringComparison.Ordinal), s.Message));
        return report.Scenarios.Where(s => s.Status != ScenarioStatus.NotApplicable);
    }

    [Fact]
    public async Task Connection_refused_is_an_error_naming_the_url()
    {
        using var temp = new TempDirectory();
        var (report, json) = await RunAsync(new Uri("http://127.0.0.1:1/"), temp);
        AssertAllErrors(report, json, "http://127.0.0.1:1/", "connection refused");
    }

    [Fact]
    public async Task Dns_failure_is_an_error_naming_the_host()
    {
        using var temp = new TempDirectory();
        var (report, json) = await RunAsync(new Uri("http://no-such-tsa.invalid/tsa"), temp);
        AssertAllErrors(report, json, "http://no-such-tsa.invalid/tsa", "could not be resolved");
    }

    [Fact]
    public async Task Tls_failure_is_an_error_naming_the_handshake()
    {
        // An https:// URL pointing at a plain HTTP server: the TLS handshake cannot succeed.
        await using var server = LoopbackHttpServer.Answering(200, "text/plain", "not TLS"u8.ToArray());
        using var temp = new TempDirectory();
        var url = new Uri($"https://127.0.0.1:{server.BaseAddress.Port}/tsa");
        var (report, json) = await RunAsync(url, temp);
        AssertAllErrors(report, json, url.ToString(), "TLS");
    }

    [Fact]
    public async Task Http_500_is_an_error_with_the_status()
    {
        await using var server = LoopbackHttpServer.Answering(500, "text/plain", "database down"u8.ToArray());
        using var temp = new TempDirectory();
        var (report, json) = await RunAsync(server.BaseAddress, temp);
        AssertAllErrors(report, json, server.BaseAddress.ToString(), "HTTP 500");
    }

    [Fact]
    public async Task A_target_that_never_answers_is_an_error_after_the_timeout()
    {
        await using var server = new LoopbackHttpServer(async (_, _, ct) => await Task.Delay(Timeout.Infinite, ct));
        using var temp = new TempDirectory();
        var started = DateTime.UtcNow;
        var (report, json) = await RunAsync(server.BaseAddress, temp, Fast with { RequestTimeout = TimeSpan.FromSeconds(1) });
        AssertAllErrors(report, json, server.BaseAddress.ToString(), "no complete answer within 1 s");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the timeout did not bound the run");
    }

    [Fact]
    public async Task A_response_above_the_size_cap_is_not_read_and_is_an_error()
    {
        byte[] huge = new byte[256 * 1024];
        await using var server = LoopbackHttpServer.Answering(200, "application/timestamp-reply", huge);
        using var temp = new TempDirectory();
        var (report, json) = await RunAsync(server.BaseAddress, temp, Fast with { MaxResponseBytes = 64 * 1024 });
        AssertAllErrors(report, json, server.BaseAddress.ToString(), "above the size cap of 65536 bytes");
    }

    [Fact]
    public async Task A_response_without_content_length_above_the_cap_is_cut_off()
    {
        // No Content-Length: the cap must hold while streaming, not only from the header.
        await using var server = new LoopbackHttpServer(async (_, stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
            byte[] chunk = new byte[16 * 1024];
            for (int i = 0; i < 64; i++)
            {
                await stream.WriteAsync(chunk, ct);
            }
        });
        using var temp = new TempDirectory();
        var (report, json) = await RunAsync(server.BaseAddress, temp, Fast with { MaxResponseBytes = 64 * 1024 });
        AssertAllErrors(report, json, server.BaseAddress.ToString(), "larger than the size cap");
    }

    [Fact]
    public async Task A_connection_closed_without_answer_is_an_error()
    {
        await using var server = new LoopbackHttpServer((_, stream, _) =>
        {
            stream.Dispose(); // read the request, then hang up
            return Task.CompletedTask;
        });
        using var temp = new TempDirectory();
        var (report, json) = await RunAsync(server.BaseAddress, temp);
        AssertAllErrors(report, json, server.BaseAddress.ToString(), "closed before a complete HTTP response");
    }

    [Theory]
    [InlineData("text/html", "<html><body><h1>Welcome to our time-stamping service</h1></body></html>")]
    [InlineData("application/timestamp-reply", "\u0001\u0002garbage\u00ff")]
    public async Task A_success_status_without_a_time_stamp_response_is_an_error_and_fails_only_TSP_HTTP_002(string contentType, string body)
    {
        await using var server = LoopbackHttpServer.Answering(200, contentType, Encoding.Latin1.GetBytes(body));
        using var temp = new TempDirectory();
        var (report, _) = await RunAsync(server.BaseAddress, temp);

        // TSP-HTTP-002 is exactly the requirement "no other document under a success status": a finding.
        var http002 = Assert.Single(report.Scenarios, s => s.RequirementIds.Contains("TSP-HTTP-002"));
        Assert.Equal(ScenarioStatus.Failed, http002.Status);
        Assert.Contains(contentType, http002.Message);
        Assert.Equal(Verdict.NonConformant, report.Verdict);

        // Everything else could not be checked.
        Assert.All(OnlineScenarios(report).Where(s => s != http002), s =>
        {
            Assert.Equal(ScenarioStatus.Error, s.Status);
            Assert.Contains(server.BaseAddress.ToString(), s.Message);
            Assert.Contains("not a time-stamp response", s.Message);
        });
    }

    [Fact]
    public async Task Evidence_of_a_failed_exchange_is_kept()
    {
        await using var server = LoopbackHttpServer.Answering(500, "text/plain", "database down"u8.ToArray());
        using var temp = new TempDirectory();
        var (report, _) = await RunAsync(server.BaseAddress, temp);
        string transcript = report.Scenarios.SelectMany(s => s.Evidence).First(f => f.EndsWith("-http.txt", StringComparison.Ordinal));
        Assert.Contains("HTTP/1.1 500", File.ReadAllText(temp.Combine("evidence", transcript)));
    }

    [Fact]
    public async Task Authorization_is_sent_but_redacted_in_the_evidence()
    {
        string? seen = null;
        await using var server = new LoopbackHttpServer(async (request, stream, ct) =>
        {
            seen = request.Headers.GetValueOrDefault("Authorization");
            await LoopbackHttpServer.WriteResponseAsync(stream, 500, "text/plain", [], ct);
        });
        using var temp = new TempDirectory();
        var (report, _) = await RunAsync(server.BaseAddress, temp, Fast with { BearerToken = "s3cret-token" });
        Assert.Equal("Bearer s3cret-token", seen);
        foreach (string file in Directory.EnumerateFiles(temp.Combine("evidence")))
        {
            Assert.DoesNotContain("s3cret-token", File.ReadAllText(file));
        }

        Assert.NotEmpty(report.Scenarios);
    }
}

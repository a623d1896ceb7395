using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Cli.Tests;

/// <summary>
/// The pre-flight of <c>run</c>: a target that cannot answer a valid request stops the run with exit 2 and one message,
/// before any scenario, writing no report; within 10 seconds even when the endpoint accepts the connection and never answers.
/// </summary>
public sealed class PreflightTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void A_refused_connection_stops_the_run_at_once_with_exit_2_and_no_report()
    {
        var stopwatch = Stopwatch.StartNew();
        var (exit, output, error) = Cli.Invoke("run", "--url", "http://127.0.0.1:1/", "--out", _temp.Combine("out"));
        stopwatch.Stop();

        Assert.Equal(ExitCodes.Incomplete, exit);
        Assert.Contains("pre-flight failed, no scenario was run and no report written: POST http://127.0.0.1:1/: connection refused", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("Verdict", output);
        Assert.False(Directory.Exists(_temp.Combine("out")), "the pre-flight must not leave a report folder");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void An_endpoint_that_accepts_but_never_answers_is_given_up_within_10_seconds()
    {
        // Connections land in the listen backlog and are never read: the request goes out, no answer ever comes.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        string url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/tsa";

        var stopwatch = Stopwatch.StartNew();
        var (exit, _, error) = Cli.Invoke("run", "--url", url, "--out", _temp.Combine("silent"));
        stopwatch.Stop();

        Assert.Equal(ExitCodes.Incomplete, exit);
        Assert.Contains("pre-flight failed", error);
        Assert.Contains(url, error);
        Assert.False(Directory.Exists(_temp.Combine("silent")));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_web_page_instead_of_a_time_stamp_response_stops_the_run_naming_both_endpoints()
    {
        await using LoopbackHttpServer page = LoopbackHttpServer.Answering(200, "text/html", Encoding.UTF8.GetBytes("<html>login</html>"));
        await using LoopbackHttpServer missing = LoopbackHttpServer.Answering(404, "text/plain", Encoding.UTF8.GetBytes("no"));

        var (exit, _, error) = Cli.Invoke("run", "--url", page.BaseAddress + "tsa", "--qualified-url", missing.BaseAddress + "qtsa",
            "--out", _temp.Combine("page"));

        Assert.Equal(ExitCodes.Incomplete, exit);
        Assert.Contains($"POST {page.BaseAddress}tsa answered HTTP 200 OK with text/html", error);
        Assert.Contains("not a TimeStampResp", error);
        Assert.Contains($"POST {missing.BaseAddress}qtsa answered HTTP 404", error);
        Assert.Equal(1, page.RequestCount);
        Assert.False(Directory.Exists(_temp.Combine("page")));
    }

    [Fact]
    public async Task With_no_preflight_the_run_goes_ahead_and_reports_every_error()
    {
        await using LoopbackHttpServer page = LoopbackHttpServer.Answering(200, "text/html", Encoding.UTF8.GetBytes("<html>login</html>"));

        var (exit, output, error) = Cli.Invoke("run", "--url", page.BaseAddress + "tsa", "--no-preflight", "--no-pdf", "--rate-limit", "off",
            "--req", "TSP-REQ-001", "--out", _temp.Combine("forced"));

        Assert.True(exit == ExitCodes.Incomplete, $"exit {exit}\n{output}\n{error}");
        Assert.DoesNotContain("pre-flight", error);
        Assert.True(File.Exists(_temp.Combine("forced", "report.json")));
    }

    public void Dispose() => _temp.Dispose();
}

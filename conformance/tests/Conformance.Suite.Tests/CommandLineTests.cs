using System.Diagnostics;
using System.Text.Json;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;
using Conformance.Cli;

namespace Conformance.Suite.Tests;

/// <summary>
/// The acceptance criteria of the command line, invoked in-process exactly as Program.cs wires the verbs:
/// exit codes, messages, and the files a run leaves behind.
/// </summary>
public sealed class CommandLineTests(ReferenceTsaTarget target) : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("tsa-conformance-cli-").FullName;

    private static (int Exit, string Output, string Error) Invoke(params string[] args) => Conformance.Cli.Tests.Cli.Invoke(args);

    private string Temp(string name) => Path.Combine(_temp, name);

    [Fact]
    public void The_main_job_runs_against_the_reference_tsa_in_under_60_seconds_and_writes_its_reports()
    {
        var stopwatch = Stopwatch.StartNew();
        var (exit, output, error) = Invoke("run", "--target", "reference", "--out", Temp("main"));
        stopwatch.Stop();

        Assert.True(exit == ExitCodes.Ok, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("Verdict: CONFORMANT", output);
        Assert.Contains($"Report:   {Temp("main")}/report.json", output);
        Assert.True(File.Exists(Temp("main/report.json")));
        Assert.True(File.Exists(Temp("main/junit.xml")));
        Assert.True(File.Exists(Temp("main/evidence/MANIFEST.sha256")));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void An_unreachable_url_without_the_preflight_ends_with_exit_2_a_readable_message_and_a_report()
    {
        // The pre-flight would stop this run before any scenario (tested in Conformance.Cli.Tests); without it every
        // scenario still gets a result and the report is written. Tag-only selection (--profile none) as before profiles
        // became the default: under etsi the HTTPS check (TSP-HTTP-003) judges the refused port 443 as a finding.
        var (exit, output, _) = Invoke("run", "--url", "http://127.0.0.1:1/", "--no-preflight", "--profile", "none", "--no-pdf", "--out", Temp("unreachable"));

        Assert.Equal(ExitCodes.Incomplete, exit);
        Assert.Contains("POST http://127.0.0.1:1/: connection refused: nothing listens on 127.0.0.1:1", output);
        Assert.Contains("Verdict: INCOMPLETE", output);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Temp("unreachable/report.json")));
        Assert.Equal("incomplete", report.RootElement.GetProperty("verdict").GetString());
        var statuses = report.RootElement.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToList();
        // Scenarios needing what this target does not declare (a qualified URL, policy OIDs) do not apply, those needing
        // a disclosure statement need evidence; every other one is an error.
        // Every level runs by default: the SHOULD-level HTTPS check (TSP-HTTP-003) finds no HTTPS service there, an
        // observation that never decides the verdict; no scenario may end as a nonconformity.
        var observations = report.RootElement.GetProperty("scenarios").EnumerateArray()
            .Where(s => s.GetProperty("status").GetString() == "failed").ToList();
        Assert.All(observations, s => Assert.Equal("observation", s.GetProperty("grade").GetString()));
        var notErrors = report.RootElement.GetProperty("scenarios").EnumerateArray()
            .Where(s => s.GetProperty("status").GetString() is not ("error" or "failed")).ToList();
        Assert.All(notErrors, s => Assert.Contains(s.GetProperty("status").GetString(), new[] { "not-applicable", "needs-evidence" }));
        Assert.All(notErrors.Where(s => s.GetProperty("status").GetString() == "needs-evidence"),
            s => Assert.Contains("TSP-SVC-001", s.GetProperty("requirementIds").EnumerateArray().Select(e => e.GetString())));
        Assert.Contains(notErrors, s => (s.GetProperty("message").GetString() ?? "").Contains("no qualified URL", StringComparison.Ordinal));
        Assert.True(statuses.Count(s => s == "error") >= 8);
    }

    [Fact]
    public async Task Inspect_prints_per_requirement_results_for_a_stored_token()
    {
        var exchange = await new TsaClient(target.Http).RequestAsync(
            target.Service.NonQualifiedUrl!, TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { CertReq = true }, null, "x",
            TestContext.Current.CancellationToken);
        File.WriteAllBytes(Temp("reference.tsr"), exchange.Http.Body.ToArray());

        var (exit, output, error) = Invoke("inspect", "--no-pdf", "--out", Temp("inspect"), Temp("reference.tsr"));

        Assert.True(exit == ExitCodes.Ok, $"exit {exit}\n{output}\n{error}");
        // One table row for the file (no nonconformity, observations possible, no error), then the results in report.json.
        Assert.Matches(@"(?m)^reference\.tsr\s+.*\s+CONFORMANT\s+0\s+\d+\s+0\s*$", output);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Temp("inspect/report.json")));
        var results = report.RootElement.GetProperty("inputs")[0].GetProperty("scenarios").EnumerateArray()
            .SelectMany(s => s.GetProperty("requirementIds").EnumerateArray().Select(id => (Id: id.GetString(), Status: s.GetProperty("status").GetString())))
            .ToList();
        Assert.Contains(("TSP-TST-001", "passed"), results);
        Assert.Contains(("TSP-TST-008", "passed"), results);
        Assert.DoesNotContain(results, r => r.Id == "TSP-REQ-001"); // needs a live service: not run offline
    }

    [Fact]
    public void Report_re_renders_junit_and_exits_with_the_stored_verdict()
    {
        Invoke("run", "--url", "http://127.0.0.1:1/", "--no-preflight", "--profile", "none", "--no-pdf", "--out", Temp("stored"));
        File.Delete(Temp("stored/junit.xml"));

        var (exit, output, _) = Invoke("report", Temp("stored"));

        Assert.Equal(ExitCodes.Incomplete, exit);
        Assert.True(File.Exists(Temp("stored/junit.xml")));
        Assert.Contains("Verdict: INCOMPLETE", output);
    }

    [Fact]
    public void List_selects_by_requirement_and_shows_what_is_left_out()
    {
        var (exit, output, _) = Invoke("list", "--req", "TSP-REQ-002");
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(2, output.Split('\n').Count(l => l.StartsWith("TSP-REQ-002", StringComparison.Ordinal)));
        Assert.Contains("2 of ", output);

        var (_, all, _) = Invoke("list", "--offline", "--all");
        Assert.Contains("left out: needs a live service", all);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("run --url ftp://example/")]
    [InlineData("run --target reference --url http://127.0.0.1:1/")]
    [InlineData("run --url http://127.0.0.1:1/ --timeout -3")]
    [InlineData("run --url http://127.0.0.1:1/ --profile no-such-profile")]
    [InlineData("run --no-such-option")]
    [InlineData("inspect")]
    [InlineData("report /nonexistent/report.json")]
    public void Usage_errors_exit_64_with_a_message(string commandLine)
    {
        var (exit, _, error) = Invoke(commandLine.Split(' '));
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void A_broken_target_file_exits_64_naming_file_and_line()
    {
        File.WriteAllText(Temp("target.yaml"), "url: http://127.0.0.1:1/\ntimeouts:\n  request: forever\n");

        var (exit, _, error) = Invoke("run", "--target", Temp("target.yaml"));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"{Temp("target.yaml")}:3: 'timeouts.request' must be a duration", error);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

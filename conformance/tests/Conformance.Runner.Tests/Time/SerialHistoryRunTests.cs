using Conformance.Checks.History;
using Conformance.Runner.Results;
using Conformance.Steps.Context;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests.Time;

/// <summary>TSP-TST-004 across runs: the serial history kept between runs of the suite.</summary>
public sealed class SerialHistoryRunTests
{
    static SerialHistoryRunTests() => Environment.SetEnvironmentVariable("REQNROLL_TELEMETRY_ENABLED", "0");

    private static async Task<ScenarioResult> RunAsync(StubTsa tsa, TempDirectory temp, string run, string? history)
    {
        var target = TargetDefinition.FromUrls(tsa.Url, null) with { SerialHistoryDirectory = history };
        var options = new RunOptions
        {
            OutputDirectory = temp.Combine(run),
            FeaturesDirectory = TimeFeatures.Only(temp.Combine(run + "-features"), "serial-numbers-across-runs.feature"),
        };
        RunReport report = await ConformanceRunner.RunAsync(target, options, TestContext.Current.CancellationToken);
        return Assert.Single(report.Scenarios);
    }

    [Fact]
    public async Task A_serial_repeated_by_a_restarted_tsa_is_found_and_names_the_earlier_run_and_token()
    {
        using var temp = new TempDirectory();
        string history = temp.Combine("history");
        ScenarioResult first;
        await using (var tsa = new StubTsa())
        {
            first = await RunAsync(tsa, temp, "run1", history);
        }

        // A TSA that starts its serials again after a restart, same TSU certificate.
        await using var restarted = new StubTsa();
        ScenarioResult second = await RunAsync(restarted, temp, "run2", history);

        Assert.True(first.Status == ScenarioStatus.Passed, first.Message);
        Assert.Equal(ScenarioStatus.Failed, second.Status);
        Assert.Contains("TSP-TST-004", second.Message);
        Assert.Contains("40 serial number(s) repeat", second.Message);
        Assert.Contains($"evidence {temp.Combine("run1", "evidence")}", second.Message);
        Assert.Matches(@"token \d{4}-tsp-tst-004-token\.tst", second.Message);
        Assert.Contains("CN=Stub TSU", second.Message);
        string file = Assert.Single(Directory.GetFiles(history, "*.jsonl"));
        Assert.Equal(80, new SerialHistory(history).Read(file).Count);
    }

    [Fact]
    public async Task Serials_that_continue_across_runs_pass_and_the_history_only_grows()
    {
        using var temp = new TempDirectory();
        string history = temp.Combine("history");
        await using var tsa = new StubTsa();

        ScenarioResult first = await RunAsync(tsa, temp, "run1", history);
        string file = Assert.Single(Directory.GetFiles(history, "*.jsonl"));
        string before = File.ReadAllText(file);
        ScenarioResult second = await RunAsync(tsa, temp, "run2", history);

        Assert.Equal(ScenarioStatus.Passed, first.Status);
        Assert.True(second.Status == ScenarioStatus.Passed, second.Message);
        Assert.StartsWith(before, File.ReadAllText(file));
        Assert.Equal(80, new SerialHistory(history).Read(file).Select(r => r.Serial).Distinct().Count());
    }

    [Fact]
    public async Task Without_a_history_the_check_across_runs_is_not_applicable()
    {
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa();

        ScenarioResult result = await RunAsync(tsa, temp, "run", history: null);

        Assert.Equal(ScenarioStatus.NotApplicable, result.Status);
        Assert.Contains("--no-history", result.Message);
    }

    [Fact]
    public void A_damaged_history_line_is_named_with_file_and_line()
    {
        using var temp = new TempDirectory();
        var history = new SerialHistory(temp.Path);
        string file = history.FileFor("CN=x, serial 01");
        File.WriteAllText(file, "{not json\n");

        var e = Assert.Throws<InvalidDataException>(() => history.Read(file));
        Assert.StartsWith($"{file}:1:", e.Message);
    }
}

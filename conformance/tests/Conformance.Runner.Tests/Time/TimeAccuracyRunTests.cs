using System.Security.Cryptography;
using System.Text.Json;
using Conformance.Checks.Time;
using ClockReference = Conformance.Checks.Time.ClockReference;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;
using Conformance.Steps.Context;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests.Time;

/// <summary>TSP-TIME-001..004 run end to end against a stub TSA, with a real chronyd as the clock reference.</summary>
public sealed class TimeAccuracyRunTests
{
    static TimeAccuracyRunTests() => Environment.SetEnvironmentVariable("REQNROLL_TELEMETRY_ENABLED", "0");

    private static async Task<RunReport> RunAsync(StubTsa tsa, TempDirectory temp, ClockReferenceSettings clock, TimeSamplingPlan? plan = null, TimeSpan? declaredAccuracy = null)
    {
        var target = TargetDefinition.FromUrls(tsa.Url, null) with
        {
            Clock = clock,
            TimeSampling = plan ?? new TimeSamplingPlan { Samples = 3 },
            Accuracy = declaredAccuracy,
        };
        var options = new RunOptions
        {
            OutputDirectory = temp.Combine("out"),
            FeaturesDirectory = TimeFeatures.Only(temp.Path, "time-accuracy.feature"),
            Selection = new ScenarioSelection { Strict = true },
        };
        return await ConformanceRunner.RunAsync(target, options, TestContext.Current.CancellationToken);
    }

    private static ScenarioResult Scenario(RunReport report, string requirement, string nameFragment = "") =>
        Assert.Single(report.Scenarios, s => s.RequirementIds.Contains(requirement) && s.Name.Contains(nameFragment, StringComparison.Ordinal));

    private static JsonElement Json(TempDirectory temp, string file) => JsonDocument.Parse(File.ReadAllText(temp.Combine("out", "evidence", "time", file))).RootElement;

    [Fact]
    public async Task A_tsa_on_time_passes_against_a_chronyd_reference_and_the_evidence_files_follow_the_contract()
    {
        using var temp = new TempDirectory();
        using var chronyd = new ChronydServer(localStratum: 8);
        await using var tsa = new StubTsa();

        RunReport report = await RunAsync(tsa, temp, new ClockReferenceSettings { NtpServer = chronyd.Address }, declaredAccuracy: TimeSpan.FromSeconds(1));

        ScenarioResult time001 = Scenario(report, "TSP-TIME-001");
        Assert.True(time001.Status == ScenarioStatus.Passed, time001.Message);
        Assert.Equal(ScenarioStatus.Passed, Scenario(report, "TSP-TIME-002", "one second").Status);
        Assert.Equal(ScenarioStatus.Passed, Scenario(report, "TSP-TIME-002", "discloses").Status);
        Assert.Equal(ScenarioStatus.Passed, Scenario(report, "TSP-TIME-003").Status);
        ScenarioResult leap = Scenario(report, "TSP-TIME-004");
        Assert.Equal(ScenarioStatus.NotApplicable, leap.Status);
        Assert.Contains("leap", leap.Message);

        JsonElement clock = Json(temp, "clock-reference.json");
        Assert.Equal($"ntp 127.0.0.1:{chronyd.Port}", clock.GetProperty("reference").GetString());
        Assert.True(clock.GetProperty("uncertaintyMs").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Number, clock.GetProperty("offsetMs").ValueKind);
        Assert.True(DateTimeOffset.TryParse(clock.GetProperty("measuredAtUtc").GetString(), out _));
        Assert.Equal(8, clock.GetProperty("server").GetProperty("stratum").GetInt32());
        Assert.Equal(JsonValueKind.Number, clock.GetProperty("server").GetProperty("rootDispersionMs").ValueKind);

        JsonElement[] samples = [.. Json(temp, "samples.json").EnumerateArray()];
        Assert.Equal(3, samples.Length);
        foreach (JsonElement s in samples)
        {
            Assert.Equal("tsa", s.GetProperty("endpoint").GetString());
            Assert.True(File.Exists(temp.Combine("out", "evidence", s.GetProperty("token").GetString()!)));
            Assert.True(s.GetProperty("withinBound").GetBoolean());
            Assert.Equal(1000, s.GetProperty("accuracyMs").GetDouble());
            Assert.Equal(clock.GetProperty("uncertaintyMs").GetDouble(), s.GetProperty("epsilonMs").GetDouble());
            DateTimeOffset send = DateTimeOffset.Parse(s.GetProperty("sendUtc").GetString()!), receive = DateTimeOffset.Parse(s.GetProperty("receiveUtc").GetString()!);
            DateTimeOffset genTime = DateTimeOffset.Parse(s.GetProperty("genTime").GetString()!);
            Assert.True(receive >= send);
            Assert.Equal((genTime - (send + ((receive - send) / 2))).TotalMilliseconds, s.GetProperty("offsetMs").GetDouble(), 0.01);
        }

        // Both files are in the SHA-256 manifest, under their paths.
        var manifest = File.ReadAllLines(temp.Combine("out", "evidence", "MANIFEST.sha256")).Select(l => l.Split("  ", 2)).ToDictionary(p => p[1], p => p[0]);
        foreach (string file in new[] { "time/clock-reference.json", "time/samples.json" })
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(temp.Combine("out", "evidence", file)))), manifest[file]);
        }

        Assert.Contains("time/samples.json", time001.Evidence);
    }

    [Fact]
    public async Task A_tsa_whose_genTime_is_skewed_beyond_its_accuracy_fails_TSP_TIME_001()
    {
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa(new StubDefects { GenTimeSkew = TimeSpan.FromSeconds(5) });

        RunReport report = await RunAsync(tsa, temp, new ClockReferenceSettings { DeclaredUncertainty = TimeSpan.FromMilliseconds(20) });

        ScenarioResult time001 = Scenario(report, "TSP-TIME-001");
        Assert.Equal(ScenarioStatus.Failed, time001.Status);
        Assert.Contains("3 of 3 tokens carry a genTime outside", time001.Message);
        Assert.Contains("ε 20 ms", time001.Message);
        Assert.Equal(Verdict.NonConformant, report.Verdict);
        Assert.All(Json(temp, "samples.json").EnumerateArray(), s =>
        {
            Assert.False(s.GetProperty("withinBound").GetBoolean());
            Assert.InRange(s.GetProperty("offsetMs").GetDouble(), 3000, 6000);
        });
        Assert.Equal("declared", Json(temp, "clock-reference.json").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task Without_a_clock_reference_TSP_TIME_001_could_not_run_and_the_verdict_is_incomplete()
    {
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa();

        RunReport report = await RunAsync(tsa, temp, ClockReferenceSettings.None);

        ScenarioResult time001 = Scenario(report, "TSP-TIME-001");
        Assert.Equal(ScenarioStatus.Error, time001.Status);
        Assert.Contains("--ntp HOST[:PORT] or --clock-uncertainty", time001.Message);
        Assert.Equal(Verdict.Incomplete, report.Verdict);
        // The checks that need no ε still run on the same samples.
        Assert.Equal(ScenarioStatus.Passed, Scenario(report, "TSP-TIME-002", "one second").Status);
        JsonElement clock = Json(temp, "clock-reference.json");
        Assert.Equal("none", clock.GetProperty("reference").GetString());
        Assert.Equal(JsonValueKind.Null, clock.GetProperty("uncertaintyMs").ValueKind);
        Assert.All(Json(temp, "samples.json").EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("withinBound").ValueKind));
    }

    [Fact]
    public async Task An_unsynchronised_ntp_server_is_refused_and_TSP_TIME_001_could_not_run()
    {
        using var temp = new TempDirectory();
        using var chronyd = new ChronydServer(localStratum: null);
        await using var tsa = new StubTsa();

        RunReport report = await RunAsync(tsa, temp, new ClockReferenceSettings { NtpServer = chronyd.Address });

        ScenarioResult time001 = Scenario(report, "TSP-TIME-001");
        Assert.Equal(ScenarioStatus.Error, time001.Status);
        Assert.Contains("is not synchronised", time001.Message);
        Assert.Equal(Verdict.Incomplete, report.Verdict);
    }

    [Fact]
    public async Task An_accuracy_other_than_the_declared_one_fails_TSP_TIME_002()
    {
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa();

        RunReport report = await RunAsync(tsa, temp, ClockReferenceSettings.SameHostAsTsa, declaredAccuracy: TimeSpan.FromMilliseconds(500));

        ScenarioResult declared = Scenario(report, "TSP-TIME-002", "discloses");
        Assert.Equal(ScenarioStatus.Failed, declared.Status);
        Assert.Contains("expected: 500 ms", declared.Message);
        Assert.Equal(ScenarioStatus.Passed, Scenario(report, "TSP-TIME-001").Status);
        Assert.Equal(ClockReference.SameHostLabel, Json(temp, "clock-reference.json").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task A_leap_second_in_the_window_is_sampled_through_and_judged()
    {
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa();
        // A list whose next leap second takes effect 4 s from now (whole second), expiring next year.
        DateTimeOffset epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
        DateTimeOffset now = DateTimeOffset.UtcNow, leap = now.AddSeconds(4).AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        File.WriteAllText(temp.Combine("leap.list"),
            $"#@\t{(long)(now.AddYears(1) - epoch).TotalSeconds}\n3692217600\t37\n{(long)(leap - epoch).TotalSeconds}\t38\n");

        RunReport report = await RunAsync(tsa, temp, ClockReferenceSettings.SameHostAsTsa,
            new TimeSamplingPlan { Samples = 2, Spread = TimeSpan.FromSeconds(8), LeapSecondListPath = temp.Combine("leap.list") });

        ScenarioResult time004 = Scenario(report, "TSP-TIME-004");
        Assert.True(time004.Status == ScenarioStatus.Passed, time004.Message);
        JsonElement[] samples = [.. Json(temp, "samples.json").EnumerateArray()];
        // Two regular samples (start and end of the 8 s window) and a burst every 500 ms from 3 s before to 3 s after the leap second.
        Assert.Equal(2 + 13, samples.Length);
        Assert.Contains(samples, s => DateTimeOffset.Parse(s.GetProperty("sendUtc").GetString()!) >= leap);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Reports.Tests;

/// <summary>The environment and clock reference come from report.json; the time chart from the time checks' samples.json when present.</summary>
public sealed class EnvironmentAndTimeTests
{
    [Fact]
    public void The_html_shows_the_environment_report_json_recorded_not_the_rendering_machine()
    {
        string dir = TestFiles.CopyRun(r => r["environment"]!["host"] = "recorded-host-" + Guid.NewGuid().ToString("N")[..6]);
        Assessment a = TestFiles.Assess(dir);
        string html = HtmlReportWriter.Render(a);
        string environment = html[html.IndexOf("<section id=\"environment\">", StringComparison.Ordinal)..];

        Assert.Contains($"<td>{a.Report.Environment!.Host}</td>", environment);
        Assert.DoesNotContain($"<td>{Environment.MachineName}</td>", environment);
        Assert.Contains("<td>ntp 192.168.0.1:123 (from evidence/time/clock-reference.json)</td>", environment);
        Assert.Contains("<td>&#177; 1.25 ms</td>", environment);
        Assert.Contains("<td>Debian GNU/Linux 12 (bookworm) X64</td>", environment);
    }

    [Fact]
    public void A_report_without_an_environment_says_so_instead_of_showing_this_machine()
    {
        string dir = TestFiles.CopyRun(r => r.Remove("environment"));
        string html = HtmlReportWriter.Render(TestFiles.Assess(dir));
        Assert.Contains("report.json does not record the environment of the run", html);
        Assert.DoesNotContain($"<td>{Environment.MachineName}</td>", html);
    }

    [Fact]
    public void Without_samples_json_the_chart_samples_the_transcripts()
    {
        Assessment a = TestFiles.Assess(TestFiles.CopyRun());
        Assert.NotEmpty(a.TimeSamples);
        Assert.All(a.TimeSamples, s => Assert.Null(s.EpsilonMs));
        Assert.StartsWith("the HTTP transcripts", a.TimeSamplesSource);
        Assert.DoesNotContain("band-epsilon", TimeAccuracyChart.Svg(a.TimeSamples, 1m));
    }

    [Fact]
    public void Samples_json_drives_the_chart_with_epsilon_in_the_band_and_the_recorded_judgement()
    {
        string dir = TestFiles.CopyRun();
        var send = new DateTimeOffset(2026, 11, 20, 10, 15, 31, 0, TimeSpan.Zero);
        var samples = new JsonArray(
            Sample("0009-tsp-tst-001-token.tst", send, 40, genTimeOffsetMs: 120, accuracyMs: 1000, epsilonMs: 21.5, within: true),
            Sample("0024-tsp-tst-008-token.tst", send.AddSeconds(2), 60, genTimeOffsetMs: -1400, accuracyMs: 1000, epsilonMs: 31.5, within: false));
        // Without a clock reference the time checks write ε and the judgement as null; a token may state no accuracy.
        JsonObject bare = Sample("0038-tsp-req-004-token.tst", send.AddSeconds(4), 10, genTimeOffsetMs: 3, accuracyMs: 0, epsilonMs: 0, within: true);
        bare["epsilonMs"] = null;
        bare["withinBound"] = null;
        bare["accuracyMs"] = null;
        samples.Add(bare);
        Directory.CreateDirectory(Path.Combine(dir, "evidence", "time"));
        File.WriteAllText(Path.Combine(dir, "evidence", "time", "samples.json"), samples.ToJsonString());

        Assessment a = TestFiles.Assess(dir);
        Assert.Equal(3, a.TimeSamples.Count);
        Assert.Contains(a.Evidence, e => e.Name == "time/samples.json" && e.Dump.Contains("\"withinBound\"", StringComparison.Ordinal));
        Assert.Null(a.TimeSamples[2].EpsilonMs);
        Assert.Null(a.TimeSamples[2].WithinAccuracy);
        Assert.Equal(5, a.TimeSamples[2].LocalUncertaintyMs);
        Assert.StartsWith("evidence/time/samples.json", a.TimeSamplesSource);
        TimeSample late = a.TimeSamples[1];
        Assert.Equal(31.5, late.EpsilonMs);
        Assert.Equal(-1400, late.OffsetMs);
        Assert.Equal(30, late.HalfRoundTripMs);
        Assert.Equal(61.5, late.LocalUncertaintyMs);
        Assert.False(late.WithinAccuracy);

        string svg = TimeAccuracyChart.Svg(a.TimeSamples, 1m);
        Assert.Contains("accuracy + ε: ±1031.5 ms (ε up to 31.5 ms)", svg);
        Assert.Contains("class=\"band-epsilon\"", svg);
        Assert.Contains("fill=\"#b3261e\"><title>0024-tsp-tst-008-token.tst: -1400 ms ± 61.5 (half RTT + ε)</title>", svg);
        Assert.Contains("fill=\"#1a4fa0\"><title>0009-tsp-tst-001-token.tst: 120 ms ± 41.5 (half RTT + ε)</title>", svg);
        string html = HtmlReportWriter.Render(a);
        Assert.Contains("<th>Within accuracy + ε</th>", html);
        Assert.Contains("<td class=\"failed\">NO</td>", html);
    }

    [Fact]
    public void An_unreadable_samples_json_falls_back_to_the_transcripts_and_says_why()
    {
        string dir = TestFiles.CopyRun();
        Directory.CreateDirectory(Path.Combine(dir, "evidence", "time"));
        File.WriteAllText(Path.Combine(dir, "evidence", "time", "samples.json"), "[{\"token\": \"x\", \"sendUtc\": \"yesterday\"}]");

        Assessment a = TestFiles.Assess(dir);
        Assert.NotEmpty(a.TimeSamples);
        Assert.Contains("samples.json was not used: ", a.TimeSamplesSource);
        Assert.Contains("samples.json: sample [0]: \"sendUtc\" is missing or not an ISO 8601 time", a.TimeSamplesSource);
    }

    private static JsonObject Sample(string token, DateTimeOffset send, double roundTripMs, double genTimeOffsetMs, double accuracyMs, double epsilonMs, bool within)
    {
        DateTimeOffset receive = send.AddMilliseconds(roundTripMs);
        DateTimeOffset genTime = send.AddMilliseconds(roundTripMs / 2 + genTimeOffsetMs);
        return new JsonObject
        {
            ["endpoint"] = "http://127.0.0.1:8080/tsa",
            ["token"] = token,
            ["sendUtc"] = send.ToString("O", CultureInfo.InvariantCulture),
            ["receiveUtc"] = receive.ToString("O", CultureInfo.InvariantCulture),
            ["genTime"] = genTime.ToString("O", CultureInfo.InvariantCulture),
            ["accuracyMs"] = accuracyMs,
            ["epsilonMs"] = epsilonMs,
            ["offsetMs"] = genTimeOffsetMs,
            ["withinBound"] = within,
        };
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reports.Tests;

public sealed class RenderingGoldenTests
{
    [Fact]
    public void Markdown_summary_of_a_passing_run_matches_the_golden_file()
    {
        Assessment a = TestFiles.Assess(TestFiles.RunFixture, spec: TestFiles.PinnedSpec);
        Golden.Match("summary-passed.golden.md", MarkdownSummaryWriter.Render(a));
    }

    [Fact]
    public void Markdown_summary_of_a_failing_run_lists_the_finding_with_expected_and_observed()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.FailGraded(r, "TSP-TST-008", "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)",
            "nonconformity", "MUST", "verified", "MUST (verified, EN319422 V1.1.1 §5.2.2)"));
        string md = MarkdownSummaryWriter.Render(TestFiles.Assess(dir, spec: TestFiles.PinnedSpec));
        Assert.Contains("NON-CONFORMANT", md);
        Assert.Contains("| failed | TSP-TST-008 |", md);
        Assert.Contains("| at most 1 s | 2 s |", md);
        Golden.Match("summary-failed.golden.md", md);
    }

    [Fact]
    public void Html_report_of_a_failing_run_matches_the_golden_file()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.FailGraded(r, "TSP-TST-008", "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)",
            "nonconformity", "MUST", "verified", "MUST (verified, EN319422 V1.1.1 §5.2.2)"));
        Golden.Match("report-failed.golden.html", HtmlReportWriter.Render(TestFiles.Assess(dir, spec: TestFiles.PinnedSpec)));
    }

    [Fact]
    public void Report_model_round_trips_every_field_of_report_json()
    {
        string path = Path.Combine(TestFiles.RunFixture, "report.json");
        JsonNode original = JsonNode.Parse(File.ReadAllText(path))!;
        string rewritten = JsonSerializer.Serialize(ReportModel.Load(path), ReportModel.JsonOptions);
        // null messages are written by the runner and dropped by our WhenWritingNull; compare without them.
        Assert.True(JsonNode.DeepEquals(WithoutNulls(original), WithoutNulls(JsonNode.Parse(rewritten)!)), "ReportModel lost or changed a field of report.json");
        Golden.Match("report.golden.json", rewritten);
    }

    [Fact]
    public void Broken_report_json_names_the_file_and_line()
    {
        string dir = TestFiles.CopyRun();
        File.WriteAllText(Path.Combine(dir, "report.json"), "{\n  \"command\": \"run\",\n  \"startedAt\": 12\n}");
        var e = Assert.Throws<ReportInputException>(() => ReportModel.Load(Path.Combine(dir, "report.json")));
        Assert.Contains("report.json:3:", e.Message);
    }

    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList()) o.Remove(key);
                foreach (var kv in o.ToList()) WithoutNulls(kv.Value);
                break;
            case JsonArray a:
                foreach (var item in a) WithoutNulls(item);
                break;
        }

        return node;
    }
}

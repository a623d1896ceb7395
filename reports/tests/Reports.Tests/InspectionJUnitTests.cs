using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;

namespace Reports.Tests;

/// <summary>
/// junit.xml of an inspection: one testsuite per stored file whose counts cover every scenario of the file (as
/// report.json has them), whose testcases are exactly the scenarios that did not pass (failed of any grade, error,
/// needs-evidence, skipped; a waived finding as skipped), without steps; the same content whether the not-passed
/// scenarios were kept from the one pass over report.json or read from it again (more than the memory bound).
/// </summary>
public sealed class InspectionJUnitTests
{
    private const int Files = 40;

    // Per file i, in this order: a passed scenario, a not-applicable one, then a scenario whose status depends on i.
    private static readonly string[] Varying = [Outcome.Failed, Outcome.Error, Outcome.NeedsEvidence, Outcome.Skipped, Outcome.Passed];

    private static string StatusOf(int file) => Varying[file % Varying.Length];

    [Fact]
    public void Each_file_is_one_suite_listing_only_what_did_not_pass_with_counts_from_report_json()
    {
        string dir = Generate();
        string path = JUnitReportWriter.Write(TestFiles.Assess(dir, new ReportOptions { Waivers = WaiverFile(dir) }), dir);

        Assert.Empty(TestFiles.JUnitSchemaErrors(path));
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal((byte)'<', bytes[0]); // no byte order mark
        XDocument junit = XDocument.Load(path);
        var expected = ReadBack(Path.Combine(dir, "report.json"));
        var suites = junit.Root!.Elements("testsuite").ToList();
        Assert.Equal(Files, suites.Count);
        for (int i = 0; i < Files; i++)
        {
            XElement suite = suites[i];
            var scenarios = expected[i].Scenarios;
            Assert.Equal(Path.GetFileName(expected[i].File), suite.Attribute("name")!.Value);
            Assert.Equal(expected[i].File, Property(suite, "file"));
            Assert.Equal(expected[i].Verdict, Property(suite, "file-verdict"));
            Assert.Equal(scenarios.Count, Int(suite, "tests"));

            // Counted from report.json: the waived TSP-CERT-005 observation and TSP-CMS-009 error are skipped, not failures or errors.
            Assert.Equal(scenarios.Count(s => s.Status == Outcome.Failed && s.Grade == Grades.Nonconformity), Int(suite, "failures"));
            Assert.Equal(scenarios.Count(s => s.Status == Outcome.Error && s.Requirement != "TSP-CMS-009"), Int(suite, "errors"));
            Assert.Equal(scenarios.Count(s => s.Status is Outcome.NotApplicable or Outcome.Skipped or Outcome.NeedsEvidence
                    || (s.Requirement, s.Status) is ("TSP-CMS-009", Outcome.Error) or ("TSP-CERT-005", Outcome.Failed)),
                Int(suite, "skipped"));

            // Testcases: every scenario that did not pass, in report order, none that passed or was not applicable.
            var listed = scenarios.Where(s => s.Status is not (Outcome.Passed or Outcome.NotApplicable)).Select(s => $"[{s.Requirement}] {s.Requirement} is checked").ToList();
            Assert.Equal(listed, suite.Elements("testcase").Select(t => t.Attribute("name")!.Value).ToList());
        }

        int failed = expected.Sum(f => f.Scenarios.Count(s => s.Status == Outcome.Failed && s.Grade == Grades.Nonconformity));
        Assert.True(failed > 0);
        Assert.Equal(failed, junit.Descendants("failure").Count());
        Assert.Equal(expected.Sum(f => f.Scenarios.Count), Int(junit.Root!, "tests"));
        Assert.Equal(failed, Int(junit.Root!, "failures"));
        Assert.DoesNotContain(junit.Descendants("system-out"), o => o.Value.Contains("a stored token", StringComparison.Ordinal)); // no step text
        Assert.Contains(junit.Descendants("skipped"), s => s.Attribute("message")!.Value.StartsWith("waived until 2099-12-31 by Jane Doe", StringComparison.Ordinal));
        Assert.Contains(junit.Descendants("error"), e => e.Attribute("message")!.Value.Contains("could not be decoded", StringComparison.Ordinal));
    }

    [Fact]
    public void Junit_and_sarif_are_the_same_when_the_not_passed_scenarios_are_read_from_report_json_again()
    {
        string dir = Generate();
        var options = new ReportOptions { SpecDirectory = TestFiles.Spec, Waivers = WaiverFile(dir) };
        Assessment kept = Assessment.Build(Path.Combine(dir, "report.json"), options);
        Assessment reread = Assessment.Build(Path.Combine(dir, "report.json"), options, maxListed: 5);

        Assert.All(kept.Inputs, row => Assert.NotNull(row.Listed));
        Assert.All(reread.Inputs, row => Assert.Null(row.Listed));
        Assert.Equal(JUnitReportWriter.ToXml(kept).ToString(), JUnitReportWriter.ToXml(reread).ToString());
        Assert.Equal(SarifWriter.ToJson(kept).ToJsonString(), SarifWriter.ToJson(reread).ToJsonString());
        Assert.Equal(Files / Varying.Length, SarifWriter.ToJson(kept)["runs"]![0]!["results"]!.AsArray().Count(r => r!["level"]!.GetValue<string>() == "error"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Waivers_are_judged_as_of_the_reports_finish_wherever_finishedAt_stands_in_report_json(bool finishedAtLast)
    {
        // The inputs are folded as the top level is read; when finishedAt comes only after them the fold cannot know
        // the day, and the files are read again: a waiver that expired before the run's day never waives.
        string dir = StoredInspection.Generate(Files, WriteInput, finishedAtLast);
        string waivers = Path.Combine(dir, "expired-waivers.yaml");
        File.WriteAllText(waivers, """
            waivers:
              - requirement: TSP-TST-008
                justification: accepted until the new time source
                approver: Jane Doe
                expires: 2026-01-01
            """);
        Assessment a = TestFiles.Assess(dir, new ReportOptions { Waivers = waivers });

        Finding accuracy = Assert.Single(a.Findings, f => f.RequirementIds == "TSP-TST-008" && f.Grade == Grades.Nonconformity);
        Assert.False(accuracy.View.Waived);
        Assert.NotNull(accuracy.View.ExpiredWaiver);
        Assert.Equal(Files / Varying.Length, accuracy.View.Files);
        Assert.Equal(Files / Varying.Length, JUnitReportWriter.ToXml(a).Descendants("failure").Count());
        Assert.Equal(Outcome.NonConformant, a.Verdict);
    }

    [Fact]
    public void A_missing_status_in_a_stored_files_scenario_names_its_line_in_report_json()
    {
        string dir = Generate(files: 3);
        string path = Path.Combine(dir, "report.json");
        string[] lines = File.ReadAllLines(path);
        // A scenario's status is the line before its message (a step's status is skipped unread).
        int line = Array.FindLastIndex(lines, l => l.Contains("\"message\"", StringComparison.Ordinal)) - 1;
        Assert.Contains("\"status\"", lines[line]);
        lines[line] = lines[line].Replace("\"status\"", "\"state\"", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        var e = Assert.Throws<ReportInputException>(() => TestFiles.Assess(dir));
        Assert.Contains("report.json:", e.Message);
        Assert.Contains("\"status\" is missing from the scenario", e.Message);
        int named = int.Parse(e.Message.Split(':')[1], CultureInfo.InvariantCulture);
        Assert.InRange(named, line + 1, line + 16); // the scenario's closing brace, after its steps
    }

    [Fact]
    public void A_requirement_list_that_is_not_an_array_names_its_line_in_report_json()
    {
        string dir = Generate(files: 3);
        string path = Path.Combine(dir, "report.json");
        string[] lines = File.ReadAllLines(path);
        int line = Array.FindIndex(lines, l => l.Contains("\"requirementIds\"", StringComparison.Ordinal));
        int end = Array.FindIndex(lines, line, l => l.TrimEnd().EndsWith("],", StringComparison.Ordinal));
        lines[line] = lines[line].Replace("[", "\"TSP-TST-001\",", StringComparison.Ordinal);
        for (int i = line + 1; i <= end; i++) lines[i] = "";
        File.WriteAllLines(path, lines);

        var e = Assert.Throws<ReportInputException>(() => TestFiles.Assess(dir));
        Assert.Contains($"report.json:{line + 1}: not a tsa-conformance report: scenario 1 of the stored file: \"requirementIds\" is a string where an array is expected", e.Message);
    }

    private static string WaiverFile(string dir)
    {
        string path = Path.Combine(dir, "waivers.yaml");
        File.WriteAllText(path, """
            waivers:
              - requirement: TSP-CERT-005
                justification: accepted for the archive
                approver: Jane Doe
                expires: 2099-12-31
              - requirement: TSP-CMS-009
                justification: known decoder gap
                approver: Jane Doe
                expires: 2099-12-31
            """);
        return path;
    }

    private static string? Property(XElement suite, string name) =>
        suite.Element("properties")!.Elements("property").SingleOrDefault(p => p.Attribute("name")!.Value == name)?.Attribute("value")!.Value;

    private static int Int(XElement element, string attribute) => int.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    private sealed record StoredScenario(string Requirement, string Status, string? Grade);

    private sealed record StoredFile(string File, string Verdict, IReadOnlyList<StoredScenario> Scenarios);

    /// <summary>report.json's stored files read back with a JSON document, independently of the renderers' reader.</summary>
    private static List<StoredFile> ReadBack(string reportJson)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(reportJson));
        return [.. document.RootElement.GetProperty("inputs").EnumerateArray().Select(input => new StoredFile(
            input.GetProperty("file").GetString()!, input.GetProperty("verdict").GetString()!,
            [.. input.GetProperty("scenarios").EnumerateArray().Select(s => new StoredScenario(
                s.GetProperty("requirementIds")[0].GetString()!, s.GetProperty("status").GetString()!,
                s.TryGetProperty("grade", out JsonElement g) ? g.GetString() : null))]))];
    }

    /// <summary>An inspection of <paramref name="files"/> stored tokens with every kind of result, steps and tags included.</summary>
    private static string Generate(int files = Files) => StoredInspection.Generate(files, WriteInput);

    private static void WriteInput(Utf8JsonWriter w, int i)
    {
        string status = StatusOf(i);
        w.WriteStartObject();
        w.WriteString("file", $"/archive/tok-{i:D3}.tst");
        w.WriteString("kind", "TimeStampToken");
        w.WriteString("verdict", status == Outcome.Failed ? Outcome.NonConformant : status == Outcome.Passed ? Outcome.Conformant : Outcome.Incomplete);
        w.WriteString("verdictReason", $"file {i}");
        w.WriteStartArray("scenarios");
        Scenario(w, "token/token-basics.feature:7#0", "TSP-TST-001", Outcome.Passed, null, null);
        Scenario(w, "response/response-status.feature:8#0", "TSP-RESP-001", Outcome.NotApplicable, "a bare TimeStampToken has no response status", null);
        Scenario(w, "certificate/tsu-certificate.feature:58#8", "TSP-CERT-005", i % 2 == 0 ? Outcome.Failed : Outcome.Passed,
            "TSP-CERT-005: no privateKeyUsagePeriod (expected: present; observed: absent)", Grades.Observation);
        string? message = status switch
        {
            Outcome.Failed => "TSP-TST-008: the token declares no accuracy (expected: accuracy present; observed: absent)",
            Outcome.Error => "the token could not be decoded",
            Outcome.Passed => null,
            _ => $"{status} for this file",
        };
        Scenario(w, "token/token-basics.feature:12#1", "TSP-TST-008", status, message, status == Outcome.Failed ? Grades.Nonconformity : null);
        Scenario(w, "cms/token-structure.feature:48#9", "TSP-CMS-009", i % 3 == 0 ? Outcome.Error : Outcome.Passed, "the signing certificate attribute could not be decoded", null);
        w.WriteEndArray();
        w.WriteStartArray("evidence");
        w.WriteStringValue($"{i:D4}-input-tok-{i:D3}.tst");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Scenario(Utf8JsonWriter w, string id, string requirement, string status, string? message, string? grade)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("feature", id[..id.IndexOf('/', StringComparison.Ordinal)]);
        w.WriteString("name", $"{requirement} is checked");
        w.WriteString("location", id[..id.IndexOf('#', StringComparison.Ordinal)]);
        w.WriteStartArray("requirementIds");
        w.WriteStringValue(requirement);
        w.WriteEndArray();
        w.WriteString("severity", "must");
        w.WriteStartArray("tags");
        w.WriteStringValue("token");
        w.WriteEndArray();
        w.WriteString("status", status);
        w.WriteString("message", status == Outcome.Passed ? null : message);
        if (status == Outcome.Failed)
        {
            w.WriteString("grade", grade);
            w.WriteString("gradeReason", grade == Grades.Nonconformity ? "MUST (verified, EN319422 V1.1.1 §5.2.2)" : "SHOULD (verified, EN319422 V1.1.1 §6.4)");
        }

        w.WriteNumber("durationMs", 2.5);
        w.WriteStartArray("steps");
        w.WriteStartObject();
        w.WriteString("keyword", "Given");
        w.WriteString("text", "a stored token");
        w.WriteString("status", status == Outcome.Passed ? Outcome.Passed : Outcome.Failed);
        w.WriteNumber("durationMs", 1.0);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

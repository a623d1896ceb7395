using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Json.Schema;

namespace Reports.Tests;

public sealed class ExportTests
{
    private const string AccuracyFinding = "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)";

    [Fact]
    public void Junit_xml_is_valid_against_the_common_junit_schema_with_expected_and_observed()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.Fail(r, "TSP-TST-008", AccuracyFinding));
        Assessment a = TestFiles.Assess(dir);
        string path = JUnitReportWriter.Write(a, dir);

        Assert.Empty(TestFiles.JUnitSchemaErrors(path));
        XDocument xml = XDocument.Load(path);
        Assert.Equal(a.Scenarios.Count, xml.Descendants("testcase").Count());
        XElement failure = Assert.Single(xml.Descendants("failure"));
        Assert.Equal("accuracy too coarse | expected: at most 1 s | observed: 2 s", failure.Attribute("message")!.Value.Replace("TSP-TST-008: ", "", StringComparison.Ordinal));
        Assert.StartsWith("[TSP-TST-008] ", failure.Parent!.Attribute("name")!.Value);
        Assert.Contains("clause: EN319422 V1.1.1 §5.2.2", failure.Value);
    }

    [Fact]
    public void The_junit_schema_rejects_what_ci_readers_reject()
    {
        var doc = new XDocument(new XElement("testsuites", new XElement("testsuite", new XAttribute("name", "s"), new XAttribute("tests", 1),
            new XElement("testcase", new XAttribute("name", "t"), new XAttribute("classname", "c"), new XElement("properties")))));
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Schemas", "junit.xsd"));
        var errors = new List<string>();
        doc.Validate(schemas, (_, e) => errors.Add(e.Message));
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Report_json_of_a_real_run_is_valid_against_the_published_schema()
    {
        JsonSchema schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", "report.schema.json"));
        JsonNode report = JsonNode.Parse(File.ReadAllText(Path.Combine(TestFiles.RunFixture, "report.json")))!;
        EvaluationResults result = schema.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(report), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));

        report["verdict"] = "mostly-fine";
        Assert.False(schema.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(report)).IsValid, "the schema accepted an unknown verdict");
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/\",\"click\")")]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("\t=1+2")]
    [InlineData("\r=1+2")]
    public void Checklist_cells_that_a_spreadsheet_would_evaluate_are_neutralised(string hostile)
    {
        string field = ChecklistCsv.Field(hostile);
        string cell = field.StartsWith('"') ? field[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : field;

        Assert.DoesNotContain(cell[0], "=+-@\t\r");
        Assert.EndsWith(hostile.TrimStart('\t', '\r')[1..], cell);
    }

    [Fact]
    public void Checklist_cells_that_are_plain_text_are_unchanged()
    {
        Assert.Equal("TIS-7.7.2-03", ChecklistCsv.Field("TIS-7.7.2-03"));
        Assert.Equal("\"a, b\"", ChecklistCsv.Field("a, b"));
        Assert.Equal("\"'=a, b\"", ChecklistCsv.Field("=a, b"));
    }

    [Fact]
    public void Checklist_lists_every_en319421_requirement_id_once_with_result_and_evidence()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.Fail(r, "TSP-TST-008", AccuracyFinding));
        Assessment a = TestFiles.Assess(dir);
        string[] lines = ChecklistCsv.Render(a).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ChecklistCsv.Provenance, lines[0]);
        Assert.StartsWith("# EN 319 421 Annex H", lines[0]);
        Assert.Equal("Requirement ID,Clause,Requirement level,Result,Grade,Evidence reference,Remarks,Catalogue ID", lines[1]);

        var expected = a.Catalogue!.Requirements.Where(r => r.Source.Document == "EN319421" && r.Source.Ref is not null).Select(r => r.Source.Ref!).Order().ToList();
        var rows = lines.Skip(2).Select(Csv).ToList();
        Assert.Equal(expected, rows.Select(r => r[0]).Order().ToList());
        Assert.All(rows, r => Assert.Equal(ChecklistCsv.Header.Length, r.Count));
        Assert.All(rows, r => Assert.Matches("^(MUST|SHOULD|MAY)( \\(conditional\\))?$", r[2]));

        // TSP-TST-008 refines TIS-7.7.2-03: the failed scenario shows there, with its evidence files.
        var accuracy = rows.Single(r => r[0] == "TIS-7.7.2-03");
        Assert.StartsWith("failed", accuracy[3]);
        // An old-format report.json (no grade) counts a failure as a nonconformity, and says so.
        Assert.StartsWith("nonconformity (report.json predates grading", accuracy[4]);
        Assert.Contains("evidence/0024-tsp-tst-008-token.tst", accuracy[5]);
        Assert.Equal(a.Catalogue.Requirements.Single(r => r.Source.Ref == "TIS-7.7.2-03").Source.Clause, accuracy[1]);
    }

    [Fact]
    public void Junit_counts_errors_and_skips_as_the_report_does_and_carries_the_error_message()
    {
        string dir = TestFiles.CopyRun(r =>
        {
            var scenarios = r["scenarios"]!.AsArray().Select(s => s!.AsObject()).ToList();
            scenarios[0]["status"] = "error";
            scenarios[0]["message"] = "step not implemented: When something undefined";
            scenarios[1]["status"] = "skipped";
            scenarios[1]["message"] = "@ignore";
        });
        Assessment a = TestFiles.Assess(dir);
        XElement suites = JUnitReportWriter.ToXml(a).Root!;
        int skippedInReport = a.Scenarios.Count(v => v.Scenario.Status is "skipped" or "not-applicable");

        Assert.Equal(a.Scenarios.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), suites.Attribute("tests")!.Value);
        Assert.Equal("1", suites.Attribute("errors")!.Value);
        Assert.Equal(skippedInReport.ToString(System.Globalization.CultureInfo.InvariantCulture), suites.Attribute("skipped")!.Value);
        Assert.Equal(skippedInReport, suites.Descendants("skipped").Count());
        XElement error = Assert.Single(suites.Descendants("error"));
        Assert.Equal("step not implemented: When something undefined", error.Attribute("message")!.Value);
    }

    [Fact]
    public void Baseline_diff_marks_new_failures_fixed_ones_and_changed_certificates()
    {
        string baseline = TestFiles.CopyRun(r => TestFiles.Fail(r, "TSP-REQ-004", "TSP-REQ-004: certificates present (expected: none; observed: 1)"));
        string current = TestFiles.CopyRun(r => TestFiles.Fail(r, "TSP-TST-008", AccuracyFinding));
        // The TSU certificate of the current run differs from the baseline's.
        string manifest = Path.Combine(current, "evidence", "MANIFEST.sha256");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("6a790cc80ff927e5", "00000cc80ff927e5", StringComparison.Ordinal));

        Assessment a = TestFiles.Assess(current, new ReportOptions { Baseline = Path.Combine(baseline, "report.json") });
        BaselineDiff diff = a.Baseline!;
        Assert.Equal(["TSP-TST-008"], diff.NewFailures.SelectMany(s => s.RequirementIds));
        Assert.Equal(["TSP-REQ-004"], diff.Fixed.SelectMany(s => s.RequirementIds));
        Assert.Contains(diff.ChangedEvidence, c => c.Contains("0010-tsp-tst-001-certificate-1.cer", StringComparison.Ordinal) && c.Contains("not in the baseline", StringComparison.Ordinal));
        string md = MarkdownSummaryWriter.Render(a);
        Assert.Contains("- New failures: 1", md);
        Assert.Contains("- Fixed: 1", md);
        Assert.Contains("| failed 🆕 | TSP-TST-008 |", md);
    }

    [Fact]
    public void A_missing_baseline_is_named()
    {
        string dir = TestFiles.CopyRun();
        var e = Assert.Throws<ReportInputException>(() => TestFiles.Assess(dir, new ReportOptions { Baseline = "/nonexistent/report.json" }));
        Assert.Equal("/nonexistent/report.json: no such report", e.Message);
    }

    private static List<string> Csv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }

        fields.Add(field.ToString());
        return fields;
    }
}

using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Reports.Tests;

/// <summary>
/// The CAB-shaped report: scope and seal on the cover, the full matrix and evidence listing in appendix.html named with
/// its SHA-256, nonconformities classed major/minor, and per-clause counts in which every result lands in exactly one column.
/// </summary>
public sealed class CabReportShapeTests
{
    private const string Finding = "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)";

    [Fact]
    public async Task The_report_names_its_appendix_by_hash_and_keeps_the_matrix_and_evidence_listing_out_of_itself()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.FailGraded(r, "TSP-TST-008", Finding, "nonconformity", "MUST", "verified", "MUST (verified)"));

        await ReportPublisher.PublishAsync(Path.Combine(dir, "report.json"),
            new PublishOptions { Pdf = false, Report = new ReportOptions { SpecDirectory = TestFiles.Spec } }, TestContext.Current.CancellationToken);

        string report = File.ReadAllText(Path.Combine(dir, HtmlReportWriter.FileName));
        string appendix = File.ReadAllText(Path.Combine(dir, AppendixWriter.FileName));
        string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, AppendixWriter.FileName))));
        Assert.Contains($"SHA-256 <span class=\"hash\">{hash}</span>", report);
        Assert.DoesNotContain("id=\"matrix\"", report);
        Assert.DoesNotContain("<details class=\"dump\">", report);
        Assert.Contains("id=\"matrix\"", appendix);
        Assert.Contains("<details class=\"dump\">", appendix);
        // Cover: scope, and the seal stated (none asked for here).
        Assert.Contains("<th>Scope</th><td>", report);
        Assert.Contains("the verdict covers the automated scope only", report);
        Assert.Contains("not sealed: no independent time-stamping service was named", report);
        // The nonconformity is classed (token content: major) and its evidence links into the appendix.
        Assert.Contains("<th>Class</th><td>major:", report);
        Assert.Contains($"<a href=\"{AppendixWriter.FileName}#ev-", report);
    }

    [Fact]
    public void A_finding_about_a_stored_token_names_the_input_file_and_its_evidence()
    {
        string dir = TestFiles.CopyRun(r =>
        {
            var scenarios = r["scenarios"]!.AsArray();
            var scenario = scenarios.Select(s => s!.AsObject()).First(s => s["requirementIds"]!.AsArray().Any(id => id!.GetValue<string>() == "TSP-TST-008"));
            var copy = (JsonObject)scenario.DeepClone();
            copy["status"] = "failed";
            copy["message"] = Finding;
            copy["evidence"] = new JsonArray();
            r["command"] = "inspect";
            r["scenarios"] = new JsonArray();
            r["inputs"] = new JsonArray(new JsonObject
            {
                ["file"] = "/archive/tok-0042.tst", ["kind"] = "TimeStampToken", ["encoding"] = "DER", ["verdict"] = "non-conformant",
                ["scenarios"] = new JsonArray(copy), ["evidence"] = new JsonArray("0001-input-tok-0042.tst"),
            });
            r["verdict"] = "non-conformant";
        });

        string html = HtmlReportWriter.Render(TestFiles.Assess(dir), new AppendixReference(AppendixWriter.FileName, new string('0', 64)));

        Assert.Contains("<th>Input file</th><td>tok-0042.tst</td>", html);
        Assert.Contains($"<a href=\"{AppendixWriter.FileName}#ev-0001-input-tok-0042.tst\">evidence/0001-input-tok-0042.tst</a>", html);
    }

    [Fact]
    public void The_standards_row_says_which_version_the_requirement_ids_were_read_from()
    {
        // Under etsi the attested EN 319 401 requirements are in scope; the catalogue applies V3.1.1 and read the IDs from V3.2.1.
        Assessment a = TestFiles.Assess(TestFiles.CopyRun(r => r["profile"] = "etsi"), spec: TestFiles.Spec);
        string html = HtmlReportWriter.Render(a, new AppendixReference(AppendixWriter.FileName, new string('0', 64)));
        var en319401 = Assert.Single(a.Standards, d => d.Key == "EN319401");
        var versionsRead = a.Matrix.Where(m => m.Document == "EN319401" && m.Version.Length > 0).Select(m => m.Version).Distinct().ToList();

        Assert.Equal("V3.1.1", en319401.Version);
        Assert.Contains("V3.2.1", versionsRead);
        Assert.Contains("EN319401 V3.1.1 (requirement IDs read from V3.2.1)", html);
    }

    [Fact]
    public void A_stored_rejection_shows_the_TSAs_status_and_an_archive_is_listed_in_appendix_A_not_on_the_cover()
    {
        const string Refusal = "rejection (2), failInfo badAlg";
        string dir = TestFiles.CopyRun(r =>
        {
            r["command"] = "inspect";
            r["scenarios"] = new JsonArray();
            var inputs = new JsonArray(new JsonObject
            {
                ["file"] = "/archive/refused.tsr", ["kind"] = "TimeStampResp", ["encoding"] = "DER", ["verdict"] = "conformant",
                ["responseStatus"] = Refusal, ["scenarios"] = new JsonArray(), ["evidence"] = new JsonArray(),
            });
            for (int i = 1; i <= HtmlReportWriter.CoverInputs + 5; i++)
            {
                inputs.Add(new JsonObject
                {
                    ["file"] = $"/archive/tok-{i:D4}.tst", ["kind"] = "TimeStampToken", ["encoding"] = "DER", ["verdict"] = "conformant",
                    ["scenarios"] = new JsonArray(), ["evidence"] = new JsonArray(),
                    ["token"] = new JsonObject { ["tsu"] = "CN=TSU 1", ["genTime"] = "2026-11-20T10:15:42Z", ["policy"] = "0.4.0.2023.1.1", ["serial"] = $"{i}", ["qualifiedClaim"] = i % 2 == 0 },
                });
            }

            r["inputs"] = inputs;
        });
        Assessment a = TestFiles.Assess(dir);

        string html = HtmlReportWriter.Render(a, new AppendixReference(AppendixWriter.FileName, new string('0', 64)));
        string appendix = AppendixWriter.Render(a);

        Assert.Contains($"/archive/refused.tsr (TimeStampResp, DER); the TSA said: {Refusal}", html);
        Assert.Contains($"… and 6 more file(s)", html);
        Assert.DoesNotContain("/archive/tok-0025.tst", html);
        Assert.Contains($"<h2>Stored files ({HtmlReportWriter.CoverInputs + 6})</h2>", appendix);
        Assert.Contains($"conformant (the TSA said: {Refusal})", appendix);
        Assert.Contains("<tr><td>/archive/tok-0025.tst</td><td>CN=TSU 1</td><td>2026-11-20T10:15:42Z</td><td>0.4.0.2023.1.1</td><td>no</td>", appendix);
    }

    [Theory]
    [InlineData("passed", TraceColumn.Passed)]
    [InlineData("passed; not-assessed", TraceColumn.Passed)]
    [InlineData("failed", TraceColumn.Failed)]
    [InlineData("passed; hash-mismatch", TraceColumn.Failed)]
    [InlineData("observation", TraceColumn.Observation)]
    [InlineData("informative; missing", TraceColumn.Observation)]
    [InlineData("waived", TraceColumn.Waived)]
    [InlineData("error", TraceColumn.NotRun)]
    [InlineData("skipped", TraceColumn.NotRun)]
    [InlineData("needs-evidence", TraceColumn.NotRun)]
    [InlineData("passed; missing", TraceColumn.NotRun)]
    [InlineData("passed; expired", TraceColumn.NotRun)]
    [InlineData("not-checked", TraceColumn.NotRun)]
    [InlineData("not-assessed", TraceColumn.NotRun)]
    [InlineData("evidenced", TraceColumn.Attested)]
    [InlineData("not-applicable", TraceColumn.NotApplicable)]
    public void Every_result_lands_in_exactly_one_column(string result, TraceColumn expected)
    {
        var row = new TraceRow("X-1", null, [], result, [], null);
        Assert.Equal(expected, ClauseSummary.ColumnOf(row));

        ClauseSummary s = Assert.Single(ClauseSummary.Of([row, row with { Result = "passed" }]));
        Assert.Equal(s.Requirements, s.Passed + s.Failed + s.Observations + s.Waived + s.NotRun + s.Attested + s.NotApplicable);
    }

    [Fact]
    public void The_columns_add_up_for_every_clause_of_a_real_run()
    {
        Assessment a = TestFiles.Assess(TestFiles.CopyRun());
        Assert.NotEmpty(a.Clauses);
        Assert.All(a.Clauses, s => Assert.Equal(s.Requirements, s.Passed + s.Failed + s.Observations + s.Waived + s.NotRun + s.Attested + s.NotApplicable));
    }
}

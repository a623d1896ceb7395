using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Reports.Tests;

/// <summary>
/// The severity model in every rendering (an observation is listed apart and never fails the verdict or a JUnit
/// testcase), and reports that survive hostile text: control characters from a TSA reach every writer rendered
/// visibly, and a writer that fails costs only its own file.
/// </summary>
public sealed class GradingAndHostileInputTests
{
    private const string PkupFinding = "TSP-CERT-005: the TSU certificate has no privateKeyUsagePeriod (expected: privateKeyUsagePeriod present; observed: absent)";

    /// <summary>0x02, 0x18, 0x1C and ESC, as a hostile TSA can put them in its name or statusString.</summary>
    private const string Hostile = "Evil\u0002TSA\u0018name\u001C\u001b[31m";

    private static string ObservationRun() => TestFiles.CopyRun(r =>
    {
        TestFiles.FailGraded(r, "TSP-TST-008", PkupFinding.Replace("TSP-CERT-005", "TSP-TST-008", StringComparison.Ordinal),
            "observation", "SHOULD", "verified", "SHOULD (verified, EN319422 V1.1.1 §6.4)");
        r["verdict"] = "conformant";
    });

    [Fact]
    public void An_observation_is_listed_apart_and_does_not_decide_the_verdict()
    {
        Assessment a = TestFiles.Assess(ObservationRun());

        Assert.Equal(Outcome.Conformant, a.Verdict);
        Assert.StartsWith("no nonconformity", a.VerdictReason);
        Assert.Contains("1 observation(s): TSP-TST-008", a.VerdictReason);
        Assert.Equal("0 nonconformities, 1 observation", a.GradeCounts);
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(1, (a with { FailOn = Grades.Observation }).ExitCode);

        string html = HtmlReportWriter.Render(a);
        int observations = html.IndexOf("<section id=\"observations\">", StringComparison.Ordinal);
        int nonconformities = html.IndexOf("<section id=\"nonconformities\">", StringComparison.Ordinal);
        Assert.True(nonconformities >= 0 && observations > nonconformities, "report.html has no separate Nonconformities and Observations sections");
        string nonconformitySection = html[nonconformities..observations];
        Assert.DoesNotContain("TSP-TST-008", nonconformitySection);
        Assert.Contains("data-grade=\"observation\"", html[observations..]);
        Assert.Contains("SHOULD (verified, EN319422 V1.1.1 &#167;6.4)", html[observations..]);

        XDocument junit = JUnitReportWriter.ToXml(a);
        Assert.Empty(junit.Descendants("failure"));
        XElement testCase = junit.Descendants("testcase").Single(t => t.Attribute("name")!.Value.StartsWith("[TSP-TST-008]", StringComparison.Ordinal));
        Assert.DoesNotContain(testCase.Elements(), e => e.Name != "system-out");
        Assert.StartsWith("OBSERVATION (SHOULD (verified", testCase.Element("system-out")!.Value);
        Assert.Equal("0", junit.Root!.Attribute("failures")!.Value);

        string md = MarkdownSummaryWriter.Render(a);
        Assert.Contains("**0 nonconformities, 1 observation**", md);
        Assert.DoesNotContain("### Nonconformities", md);
        Assert.Contains("### Observations", md);
        Assert.Contains("| failed | TSP-TST-008 | observation: SHOULD (verified, EN319422 V1.1.1 §6.4) |", md);

        var row = ChecklistCsv.Render(a).Split("\r\n").Single(l => l.StartsWith("TIS-7.7.2-03,", StringComparison.Ordinal));
        Assert.Contains(",MUST,observation; not-assessed,\"observation (SHOULD (verified, EN319422 V1.1.1 §6.4))\",", row);
    }

    [Fact]
    public void A_nonconformity_fails_the_verdict_and_its_junit_testcase()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.FailGraded(r, "TSP-TST-008", "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)",
            "nonconformity", "MUST", "verified", "MUST (verified, EN319422 V1.1.1 §5.2.2)"));
        Assessment a = TestFiles.Assess(dir);

        Assert.Equal(Outcome.NonConformant, a.Verdict);
        Assert.StartsWith("1 nonconformity: TSP-TST-008", a.VerdictReason);
        Assert.Equal(1, a.ExitCode);
        Assert.Contains("grade: nonconformity (MUST (verified, EN319422 V1.1.1 §5.2.2))", Assert.Single(JUnitReportWriter.ToXml(a).Descendants("failure")).Value);
        Assert.Contains("### Nonconformities", MarkdownSummaryWriter.Render(a));
    }

    [Fact]
    public void Control_characters_from_the_target_are_rendered_visibly_in_every_writer()
    {
        string dir = TestFiles.CopyRun(r =>
        {
            r["target"]!["name"] = Hostile;
            TestFiles.Fail(r, "TSP-TST-008", $"TSP-TST-008: the TSA said {Hostile} (expected: granted; observed: {Hostile})");
        });
        Assessment a = TestFiles.Assess(dir);

        string junitPath = JUnitReportWriter.Write(a, dir);
        XDocument junit = XDocument.Load(junitPath); // well-formed XML 1.0, or this throws
        Assert.Contains(@"Evil\x02TSA\x18name\x1C\x1B[31m", junit.Descendants("property").First(p => p.Attribute("name")!.Value == "target").Attribute("value")!.Value);
        Assert.Contains(@"observed: Evil\x02TSA\x18name\x1C\x1B[31m", junit.Descendants("failure").Single().Attribute("message")!.Value);

        foreach (string text in new[] { HtmlReportWriter.Render(a), MarkdownSummaryWriter.Render(a), ChecklistCsv.Render(a) })
        {
            Assert.DoesNotContain(text, c => c is < ' ' and not ('\n' or '\r' or '\t') || c == '\u001b');
        }

        Assert.Contains(@"Evil\x02TSA\x18name\x1C\x1B[31m", HtmlReportWriter.Render(a));
        Assert.Contains(@"Evil\x02TSA\x18name\x1C\x1B[31m", MarkdownSummaryWriter.Render(a));
    }

    [Fact]
    public async Task A_failing_writer_loses_no_other_rendering_is_recorded_and_makes_the_exit_code_2()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.Fail(r, "TSP-TST-008", "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)"));
        Directory.CreateDirectory(Path.Combine(dir, JUnitReportWriter.FileName)); // junit.xml cannot be written: a folder is in the way

        PublishResult result = await ReportPublisher.PublishAsync(Path.Combine(dir, "report.json"),
            new PublishOptions { Pdf = false, Report = new ReportOptions { SpecDirectory = TestFiles.Spec } }, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.ExitCode);
        string failure = Assert.Single(result.WriterFailures);
        Assert.StartsWith("rendering failed: junit.xml: ", failure);
        Assert.Contains(failure, result.Notes);
        foreach (string file in new[] { HtmlReportWriter.FileName, MarkdownSummaryWriter.FileName, ChecklistCsv.FileName })
        {
            Assert.True(File.Exists(Path.Combine(dir, file)), $"{file} was not written after junit.xml failed");
        }

        var problems = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "report.json")))!["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains(failure, problems);
        // report.json, hashed while the renderings were written, changed when the failure was recorded: the manifest has its final bytes.
        Assert.Equal([$"{TamperEvidence.TokenName}: missing"], TamperEvidence.Verify(dir).Problems.Select(p => p[..p.IndexOf(": the", StringComparison.Ordinal)]));

        // Rendered again once the obstacle is gone: the earlier failure no longer stands.
        Directory.Delete(Path.Combine(dir, JUnitReportWriter.FileName));
        PublishResult again = await ReportPublisher.PublishAsync(Path.Combine(dir, "report.json"),
            new PublishOptions { Pdf = false, Report = new ReportOptions { SpecDirectory = TestFiles.Spec } }, TestContext.Current.CancellationToken);
        Assert.Empty(again.WriterFailures);
        Assert.Equal(1, again.ExitCode);
        Assert.DoesNotContain(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "report.json")))!["problems"]!.AsArray(),
            p => p!.GetValue<string>().StartsWith(RenderingProblems.Prefix, StringComparison.Ordinal));
    }

    [Fact]
    public void A_report_json_written_before_grading_still_renders_with_failures_as_nonconformities()
    {
        string dir = TestFiles.CopyRun(r =>
        {
            r.Remove("failOn");
            r["summary"]!.AsObject().Remove("nonconformities");
            r["summary"]!.AsObject().Remove("observations");
            r["summary"]!.AsObject().Remove("informative");
            foreach (JsonObject s in r["scenarios"]!.AsArray().Select(s => s!.AsObject()))
            {
                s.Remove("findings");
            }

            TestFiles.Fail(r, "TSP-TST-008", "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)");
        });
        Assessment a = TestFiles.Assess(dir);

        Assert.Equal(Outcome.NonConformant, a.Verdict);
        Finding finding = Assert.Single(a.Nonconformities);
        Assert.Contains("predates grading", finding.GradeReason);
        Assert.Single(JUnitReportWriter.ToXml(a).Descendants("failure"));
    }
}

using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace Reports.Tests;

/// <summary>
/// An inspection of many stored files (report.json generated here, written as a stream): the renderers read it file by
/// file, aggregate findings by check and text with counts and example files, and keep every count right.
/// </summary>
public sealed class InspectionAtScaleTests
{
    private const int Files = 2_000;

    // Per file: TSP-TST-008 fails (two texts) in some files, TSP-CERT-005 is an observation in every third, TSP-CMS-009
    // an observation whose text names the file (more distinct texts than are kept apart), TSP-CERT-009 not run for want
    // of trust anchors, a not-applicable check whose message names the file, and a passed one.
    private static bool AccuracyAbsent(int i) => i % 10 == 0 && i % 25 != 0;
    private static bool AccuracyCoarse(int i) => i % 25 == 0;
    private static bool NoKeyUsagePeriod(int i) => i % 3 == 0;
    private static bool SigningCertificateV1(int i) => i % 4 == 0;
    private static string Name(int i) => $"tok-{i:D4}.tst";

    private const string Absent = "TSP-TST-008: the token declares no accuracy (expected: accuracy present, at most 1 s; observed: accuracy absent)";
    private const string Coarse = "TSP-TST-008: the token's accuracy is coarser than allowed (expected: at most 1 s; observed: 30 s)";

    [Fact]
    public void Every_file_and_every_result_is_counted_once_and_findings_are_aggregated_with_their_files()
    {
        Assessment a = TestFiles.Assess(Generate());

        Assert.Equal(Files, a.Inputs.Count);
        Assert.Equal(6 * Files, a.Scenarios.Sum(v => v.Files));
        Assert.Equal(Expected(i => !AccuracyAbsent(i) && !AccuracyCoarse(i)) + Expected(i => !NoKeyUsagePeriod(i)) + Expected(i => !SigningCertificateV1(i)) + Files,
            a.Scenarios.Where(v => v.Scenario.Status == Outcome.Passed).Sum(v => v.Files));
        Assert.Equal(2 * Files, a.Scenarios.Where(v => v.Scenario.Status == Outcome.NotApplicable).Sum(v => v.Files));

        // Aggregated by requirement and text: the files counted, the first ones named.
        Finding absent = Assert.Single(a.Findings, f => f.View.Scenario.Message == Absent);
        Assert.Equal(Expected(AccuracyAbsent), absent.View.Files);
        Assert.Equal(["tok-0010.tst", "tok-0020.tst", "tok-0030.tst", "tok-0040.tst", "tok-0060.tst"], absent.View.ExampleInputs.Select(i => Path.GetFileName(i.File)));
        Assert.Equal(Expected(AccuracyCoarse), Assert.Single(a.Findings, f => f.View.Scenario.Message == Coarse).View.Files);

        // A check whose text names each file keeps the first texts apart and counts the rest in one finding.
        var perFile = a.Findings.Where(f => f.RequirementIds == "TSP-CMS-009").ToList();
        Assert.Equal(InspectionDigest.MaxTextsPerCheck + 1, perFile.Count);
        Assert.Equal(Expected(SigningCertificateV1), perFile.Sum(f => f.View.Files));
        Assert.Contains(perFile, f => f.View.Files == Expected(SigningCertificateV1) - InspectionDigest.MaxTextsPerCheck && f.Summary.Contains("junit.xml", StringComparison.Ordinal));

        int nonconformities = Expected(AccuracyAbsent) + Expected(AccuracyCoarse);
        int observations = Expected(NoKeyUsagePeriod) + Expected(SigningCertificateV1);
        Assert.Equal(Outcome.NonConformant, a.Verdict);
        Assert.StartsWith($"{nonconformities} nonconformities: TSP-TST-008", a.VerdictReason);
        Assert.Contains($"{observations} observation(s)", a.VerdictReason);
        Assert.EndsWith(Assessment.ChainNotCheckedNote, a.VerdictReason);
        Assert.Equal($"{nonconformities} nonconformities, {observations} observations", a.GradeCounts);
        Assert.All(a.Clauses, s => Assert.Equal(s.Requirements, s.Passed + s.Failed + s.Observations + s.Waived + s.NotRun + s.Attested + s.NotApplicable));
    }

    [Fact]
    public void The_report_names_the_files_of_each_finding_and_the_appendix_lists_every_file_once_with_its_verdict()
    {
        Assessment a = TestFiles.Assess(Generate());
        string html = HtmlReportWriter.Render(a, new AppendixReference(AppendixWriter.FileName, new string('0', 64)));
        string appendix = AppendixWriter.Render(a);

        Assert.Contains($"<td>{Files} stored token(s) (inspect)</td>", html);
        Assert.Contains($"<th>Input files</th><td>{Expected(AccuracyAbsent)} files with this finding: tok-0010.tst, tok-0020.tst, tok-0030.tst, tok-0040.tst, tok-0060.tst and {Expected(AccuracyAbsent) - 5} more", html);
        Assert.Contains($"<a href=\"{AppendixWriter.FileName}#ev-0010-input-tok-0010.tst\">evidence/0010-input-tok-0010.tst</a>", html);
        Assert.Equal(a.Findings.Count, Count(html, "<div class=\"finding "));
        Assert.True(a.Findings.Count < 40, $"{a.Findings.Count} finding cards for {Files} files: not aggregated");

        Assert.Contains($"<h2>Stored files ({Files})</h2>", appendix);
        for (int i = 0; i < Files; i += 97)
        {
            Assert.Equal(1, Count(appendix, $"<tr><td>/archive/{Name(i)}</td>"));
        }

        int nonConformantRows = Count(appendix, "<td class=\"neutral\">non-conformant</td>");
        int conformantRows = Count(appendix, "<td class=\"neutral\">conformant</td>");
        Assert.Equal(Expected(i => AccuracyAbsent(i) || AccuracyCoarse(i)), nonConformantRows);
        Assert.Equal(Files, nonConformantRows + conformantRows);
        Assert.Contains("token/token-basics.feature:12 <span class=\"badge failed\">failed</span> in 160 files", appendix);
    }

    [Fact]
    public void JUnit_and_SARIF_list_every_file_streamed_with_totals_that_match_the_aggregates()
    {
        string dir = Generate();
        Assessment a = TestFiles.Assess(dir);
        string junit = JUnitReportWriter.Write(a, dir);
        string sarif = SarifWriter.Write(a, dir);

        int testcases = 0, failures = 0, suites = 0, suiteTests = 0;
        using (var xml = XmlReader.Create(junit))
        {
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element) continue;
                if (xml.Name == "testsuites") Assert.Equal((6 * Files).ToString(CultureInfo.InvariantCulture), xml.GetAttribute("tests"));
                if (xml.Name == "testsuite") (suites, suiteTests) = (suites + 1, suiteTests + int.Parse(xml.GetAttribute("tests")!, CultureInfo.InvariantCulture));
                if (xml.Name == "testcase") testcases++;
                if (xml.Name == "failure") failures++;
            }
        }

        // One suite per file counting its six scenarios; a testcase for each failed one only (observations included).
        Assert.Equal(Files, suites);
        Assert.Equal(6 * Files, suiteTests);
        Assert.Equal(Expected(AccuracyAbsent) + Expected(AccuracyCoarse) + Expected(NoKeyUsagePeriod) + Expected(SigningCertificateV1), testcases);
        Assert.Equal(Expected(i => AccuracyAbsent(i) || AccuracyCoarse(i)), failures);

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(sarif));
        var results = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(Expected(AccuracyAbsent) + Expected(AccuracyCoarse) + Expected(NoKeyUsagePeriod) + Expected(SigningCertificateV1), results.Count);
        Assert.Contains(results, r => r.GetProperty("message").GetProperty("text").GetString()!.StartsWith("tok-0025.tst: TSP-TST-008", StringComparison.Ordinal));
        Assert.Equal(Expected(AccuracyAbsent) + Expected(AccuracyCoarse), results.Count(r => r.GetProperty("level").GetString() == "error"));
    }

    [Fact]
    public void An_error_after_the_inputs_still_names_its_line_in_report_json() =>
        AssertBrokenLineNamed(lines => Array.FindIndex(lines, l => l.Contains("\"evidenceManifest\"", StringComparison.Ordinal)), _ => "  \"evidenceManifest\": 12");

    [Fact]
    public void A_wrong_value_inside_a_stored_files_entry_names_its_line_in_report_json() =>
        AssertBrokenLineNamed(lines => Array.FindLastIndex(lines, l => l.Contains("\"durationMs\"", StringComparison.Ordinal)), l => l.Replace("1.5", "\"slow\"", StringComparison.Ordinal));

    /// <summary>Breaks one line of a small inspection's report.json: the assessment fails naming that line.</summary>
    private static void AssertBrokenLineNamed(Func<string[], int> find, Func<string, string> edit)
    {
        string dir = Generate(files: 3);
        string path = Path.Combine(dir, "report.json");
        string[] lines = File.ReadAllLines(path);
        int line = find(lines);
        lines[line] = edit(lines[line]);
        File.WriteAllLines(path, lines);

        var e = Assert.Throws<ReportInputException>(() => TestFiles.Assess(dir));
        Assert.Contains($"report.json:{line + 1}:", e.Message);
    }

    private static int Expected(Func<int, bool> files) => Enumerable.Range(0, Files).Count(files);

    private static int Count(string text, string part)
    {
        int n = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    /// <summary>report.json of an inspection of <paramref name="files"/> stored tokens, written as a stream (the fixture run's folder otherwise).</summary>
    private static string Generate(int files = Files) => StoredInspection.Generate(files, WriteInput);

    private static void WriteInput(Utf8JsonWriter w, int i)
    {
        string file = Name(i);
        bool nonconforming = AccuracyAbsent(i) || AccuracyCoarse(i);
        w.WriteStartObject();
        w.WriteString("file", $"/archive/{file}");
        w.WriteString("kind", "TimeStampToken");
        w.WriteString("encoding", "DER");
        w.WriteString("verdict", nonconforming ? Outcome.NonConformant : Outcome.Conformant);
        w.WriteStartArray("scenarios");
        Scenario(w, "token/token-basics.feature:12#1", "TSP-TST-008", "must", AccuracyCoarse(i) ? Coarse : AccuracyAbsent(i) ? Absent : null, Grades.Nonconformity);
        Scenario(w, "certificate/tsu-certificate.feature:58#8", "TSP-CERT-005", "should",
            NoKeyUsagePeriod(i) ? "TSP-CERT-005: the TSU certificate has no privateKeyUsagePeriod (expected: present; observed: absent)" : null, Grades.Observation);
        Scenario(w, "cms/token-structure.feature:48#9", "TSP-CMS-009", "should",
            SigningCertificateV1(i) ? $"TSP-CMS-009: {file} identifies its TSU certificate only by a SHA-1 ESSCertID (expected: ESSCertIDv2; observed: ESSCertID)" : null, Grades.Observation);
        Scenario(w, "certificate/tsu-certificate.feature:111#18", "TSP-CERT-009", "must", null, null, Outcome.NotApplicable, "no trust anchors are declared for this target");
        Scenario(w, "response/response-status.feature:8#0", "TSP-RESP-001", "must", null, null, Outcome.NotApplicable, $"{file} is a bare TimeStampToken: there is no response status to examine");
        Scenario(w, "token/token-basics.feature:7#0", "TSP-TST-001", "must", null, null);
        w.WriteEndArray();
        w.WriteStartArray("evidence");
        w.WriteStringValue($"{i:D4}-input-{file}");
        w.WriteEndArray();
        w.WriteStartObject("token");
        w.WriteString("tsu", "C=EE, O=Example TSA, CN=TSU 1");
        w.WriteString("genTime", $"2026-11-20T10:{i / 60 % 60:D2}:{i % 60:D2}Z");
        w.WriteString("policy", "0.4.0.2023.1.1");
        w.WriteString("serial", i.ToString(CultureInfo.InvariantCulture));
        w.WriteBoolean("qualifiedClaim", false);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A failed scenario when <paramref name="failure"/> is given (with its grade), else <paramref name="status"/>.</summary>
    private static void Scenario(Utf8JsonWriter w, string id, string requirement, string severity, string? failure, string? grade, string status = Outcome.Passed, string? message = null)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("feature", id[..id.IndexOf('/', StringComparison.Ordinal)]);
        w.WriteString("name", $"{requirement} is met");
        w.WriteString("location", id[..id.IndexOf('#', StringComparison.Ordinal)]);
        w.WriteStartArray("requirementIds");
        w.WriteStringValue(requirement);
        w.WriteEndArray();
        w.WriteString("severity", severity);
        w.WriteString("status", failure is null ? status : Outcome.Failed);
        w.WriteString("message", failure ?? message);
        if (failure is not null)
        {
            w.WriteString("grade", grade);
            w.WriteString("gradeReason", grade == Grades.Nonconformity ? "MUST (verified, EN319422 V1.1.1 §5.2.2)" : "SHOULD (verified, EN319422 V1.1.1 §6.4)");
        }

        w.WriteNumber("durationMs", 1.5);
        w.WriteEndObject();
    }
}

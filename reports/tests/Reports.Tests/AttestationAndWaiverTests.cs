using System.Security.Cryptography;

namespace Reports.Tests;

public sealed class AttestationAndWaiverTests
{
    private const string AccuracyFinding = "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)";

    private static string Write(string dir, string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string WaiverFile(string dir, string expires) => Write(dir, "waivers.yaml", $"""
        waivers:
          - requirement: TSP-TST-008
            justification: migration to the new time source
            approver: Jane Doe
            expires: {expires}
        """);

    [Fact]
    public void An_expired_waiver_does_not_hide_the_failure()
    {
        // The run finished on 2026-11-27; the waiver's last day was the day before.
        string dir = TestFiles.CopyRun(r => TestFiles.Fail(r, "TSP-TST-008", AccuracyFinding));
        Assessment a = TestFiles.Assess(dir, new ReportOptions { Waivers = WaiverFile(dir, "2026-11-26") });

        Assert.Equal(Outcome.NonConformant, a.Verdict);
        Finding finding = Assert.Single(a.Findings);
        Assert.False(finding.View.Waived);
        Assert.NotNull(finding.View.ExpiredWaiver);
        Assert.Contains("<span class=\"badge nonconformity\">nonconformity</span> TSP-TST-008", HtmlReportWriter.Render(a));
        Assert.Contains("expired 2026-11-26", HtmlReportWriter.Render(a));
        Assert.Contains("| failed (waiver expired) | TSP-TST-008 |", MarkdownSummaryWriter.Render(a));
        Assert.Single(JUnitReportWriter.ToXml(a).Descendants("failure"));
    }

    [Fact]
    public void A_waiver_in_force_shows_the_finding_as_waived_and_does_not_hide_it()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.Fail(r, "TSP-TST-008", AccuracyFinding));
        Assessment a = TestFiles.Assess(dir, new ReportOptions { Waivers = WaiverFile(dir, "2026-11-27") });

        Assert.Equal(Outcome.Conformant, a.Verdict);
        Assert.Contains("1 finding(s) waived", a.VerdictReason);
        Finding finding = Assert.Single(a.Findings);
        Assert.True(finding.View.Waived);
        string html = HtmlReportWriter.Render(a);
        Assert.Contains("<span class=\"badge waived\">waived</span> TSP-TST-008", html);
        Assert.Contains("observed: 2 s", html.Replace("<tr><th>Observed</th><td>", "observed: ", StringComparison.Ordinal));
        Assert.Contains("| waived until 2026-11-27 | TSP-TST-008 |", MarkdownSummaryWriter.Render(a));
        var skipped = Assert.Single(JUnitReportWriter.ToXml(a).Descendants("skipped"));
        Assert.StartsWith("waived until 2026-11-27 by Jane Doe", skipped.Attribute("message")!.Value);
    }

    [Fact]
    public void Attested_requirements_are_evidenced_expired_mismatched_or_missing()
    {
        string dir = TestFiles.CopyRun(r => r["profile"] = "etsi");
        string docs = Directory.CreateDirectory(Path.Combine(dir, "docs")).FullName;
        string risk = Write(docs, "risk.pdf", "risk assessment 2026");
        string cps = Write(docs, "cps.pdf", "practice statement v4");
        string tampered = Write(docs, "policy.pdf", "policy v1");
        string Hash(string f) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)));
        string register = Write(dir, "register.yaml", $"""
            evidence:
              - requirement: EN319421-OVR-6.1-01
                document: docs/risk.pdf
                sha256: {Hash(risk)}
                owner: CISO
                approved: 2026-01-10
                next_review: 2027-01-10
              - requirement: EN319421-OVR-6.2-01
                document: docs/cps.pdf
                sha256: {Hash(cps)}
                owner: PMA
                approved: 2025-06-01
                next_review: 2026-06-01
              - requirement: EN319421-OVR-5.1-02
                document: docs/policy.pdf
                sha256: {Hash(tampered)}
                owner: PMA
                approved: 2026-01-10
                next_review: 2027-01-10
            """);
        File.AppendAllText(tampered, " edited");

        Assessment a = TestFiles.Assess(dir, new ReportOptions { EvidenceRegister = register });
        string Status(string id) => a.Matrix.Single(m => m.RequirementId == id).Attestation!.StatusText;
        Assert.Equal("evidenced", Status("EN319421-OVR-6.1-01"));
        Assert.Equal("expired", Status("EN319421-OVR-6.2-01"));
        Assert.Equal("hash-mismatch", Status("EN319421-OVR-5.1-02"));
        // In the etsi profile, attested, and not in the register at all:
        Assert.Equal("missing", Status("EN319421-OVR-6.3-01"));

        string html = HtmlReportWriter.Render(a);
        Assert.Contains("data-requirement=\"EN319421-OVR-6.3-01\" data-attestation=\"missing\"", html);
        Assert.Contains("data-requirement=\"EN319421-OVR-6.1-01\" data-attestation=\"evidenced\"", html);
        Assert.Equal(Outcome.Incomplete, a.Verdict);
        Assert.StartsWith("verdict withheld:", a.VerdictReason);
    }

    [Fact]
    public void The_example_register_and_waivers_load()
    {
        string examples = Path.Combine(TestFiles.Spec, "examples");
        EvidenceRegister register = EvidenceRegister.Load(Path.Combine(examples, "evidence-register.example.yaml"));
        Waivers waivers = Waivers.Load(Path.Combine(examples, "waivers.example.yaml"));
        Assert.Equal(2, register.Entries.Count);
        Assert.Equal("TSP-TST-008", Assert.Single(waivers.Entries).Requirement);
    }

    [Theory]
    [InlineData("waivers:\n  - requirement: TSP-TST-008\n    approver: x\n    expires: 2027-01-01\n", ":2: missing required key 'justification'")]
    [InlineData("waivers:\n  - requirement: TSP-TST-008\n    justification: y\n    approver: x\n    expires: 31.12.2027\n", ":5: 'expires' must be a date written as YYYY-MM-DD, not '31.12.2027'")]
    [InlineData("waivers:\n  - requirement: TSP-TST-008\n    justification: y\n    approver: x\n    expires:\n", ":5: 'expires' must not be empty")]
    [InlineData("waivers:\n  - requirement: TSP-TST-008\n    justfication: y\n", ":3: unknown key 'justfication' in an entry of 'waivers' (did you mean 'justification'?)")]
    [InlineData("waivers:\n  - requirement: [unclosed\n", ":3: not valid YAML")] // YamlDotNet notices at the end of input
    [InlineData("waiver:\n  - requirement: TSP-TST-008\n", ":1: unknown key 'waiver' in the waivers file (did you mean 'waivers'?); allowed: waivers")]
    public void Broken_waiver_files_are_reported_as_file_and_line(string yaml, string expected)
    {
        string dir = TestFiles.Scratch();
        string file = Write(dir, "waivers.yaml", yaml);
        var e = Assert.Throws<ReportInputException>(() => Waivers.Load(file));
        Assert.Contains(file + expected, e.Message);
    }

    [Fact]
    public void A_register_entry_with_a_bad_digest_is_reported_with_its_line()
    {
        string dir = TestFiles.Scratch();
        string file = Write(dir, "register.yaml", "evidence:\n  - requirement: EN319421-OVR-6.1-01\n    document: a.pdf\n    sha256: abc\n    owner: me\n    approved: 2026-01-01\n    next_review: 2025-01-01\n");
        var e = Assert.Throws<ReportInputException>(() => EvidenceRegister.Load(file));
        Assert.Contains(file + ":4: 'sha256' must be 64 hex digits", e.Message);
        Assert.Contains(file + ":7: 'next_review' 2025-01-01 is before 'approved' 2026-01-01", e.Message);
    }

    [Fact]
    public void A_missing_register_file_is_named()
    {
        var e = Assert.Throws<ReportInputException>(() => EvidenceRegister.Load("/nonexistent/register.yaml"));
        Assert.Equal("/nonexistent/register.yaml: no such file", e.Message);
    }
}

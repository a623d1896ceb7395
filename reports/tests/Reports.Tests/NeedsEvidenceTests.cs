using System.Xml.Linq;

namespace Reports.Tests;

/// <summary>needs-evidence scenarios (white-box checks only attested evidence can settle) in the verdict and the renderings.</summary>
public sealed class NeedsEvidenceTests
{
    [Fact]
    public void A_mandatory_needs_evidence_scenario_withholds_the_verdict_and_is_neither_passed_nor_failed()
    {
        string dir = TestFiles.CopyRun(r =>
        {
            var scenario = r["scenarios"]!.AsArray().Select(s => s!.AsObject()).First(s => s["severity"]!.GetValue<string>() == "must");
            scenario["status"] = "needs-evidence";
            scenario["message"] = "the key's attributes can only be shown by the HSM's configuration record";
            var summary = r["summary"]!.AsObject();
            summary["passed"] = summary["passed"]!.GetValue<int>() - 1;
            summary["needsEvidence"] = 1;
        });
        Assessment a = TestFiles.Assess(dir);
        ScenarioView view = a.Scenarios.Single(v => v.Scenario.Status == Outcome.NeedsEvidence);

        Assert.Equal(Outcome.Incomplete, a.Verdict);
        Assert.StartsWith("verdict withheld: 1 mandatory scenario(s) need attested evidence: ", a.VerdictReason);
        Assert.Equal(1, a.Report.Summary.NeedsEvidence);
        Assert.Contains("1 need attested evidence", HtmlReportWriter.Render(a));
        Assert.Contains("**1** need attested evidence", MarkdownSummaryWriter.Render(a));
        Assert.Contains(a.Matrix, m => m.Result == Outcome.NeedsEvidence && view.Scenario.RequirementIds.Contains(m.RequirementId));
        XElement testCase = JUnitReportWriter.ToXml(a).Descendants("testcase").Single(t => t.Attribute("name")!.Value.EndsWith(view.Scenario.Name, StringComparison.Ordinal));
        Assert.StartsWith("needs-evidence: the key's attributes", testCase.Element("skipped")!.Attribute("message")!.Value);
        Assert.Empty(testCase.Elements("failure"));
    }
}

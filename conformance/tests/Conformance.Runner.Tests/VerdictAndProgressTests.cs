using Conformance.Runner.Host;
using Conformance.Runner.Progress;
using Conformance.Runner.Results;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests;

public sealed class VerdictAndProgressTests
{
    private static ScenarioResult Result(ScenarioStatus status, string severity = "must", string id = "TSP-X-001") => new()
    {
        Id = id,
        Feature = "F",
        Name = id,
        Location = "f.feature:1",
        RequirementIds = [id],
        Severity = severity,
        Status = status,
        Message = status.ToText(),
    };

    [Fact]
    public void A_finding_outweighs_errors()
    {
        var (verdict, reason) = VerdictRules.Decide([Result(ScenarioStatus.Error), Result(ScenarioStatus.Failed, id: "TSP-Y-002")], []);
        Assert.Equal(Verdict.NonConformant, verdict);
        Assert.Contains("TSP-Y-002", reason);
    }

    [Fact]
    public void Errors_and_skipped_mandatory_checks_make_a_run_incomplete()
    {
        Assert.Equal(Verdict.Incomplete, VerdictRules.Decide([Result(ScenarioStatus.Passed), Result(ScenarioStatus.Error)], []).Verdict);
        Assert.Equal(Verdict.Incomplete, VerdictRules.Decide([Result(ScenarioStatus.Passed), Result(ScenarioStatus.Skipped)], []).Verdict);
        Assert.Equal(Verdict.Conformant, VerdictRules.Decide([Result(ScenarioStatus.Passed), Result(ScenarioStatus.Skipped, "should")], []).Verdict);
    }

    [Fact]
    public void Nothing_checked_is_not_conformant()
    {
        Assert.Equal((Verdict.Incomplete, "no scenario was selected"), VerdictRules.Decide([], []));
        Assert.Equal(Verdict.Incomplete, VerdictRules.Decide([Result(ScenarioStatus.NotApplicable)], []).Verdict);
        Assert.Equal(Verdict.Conformant, VerdictRules.Decide([Result(ScenarioStatus.Passed), Result(ScenarioStatus.NotApplicable)], []).Verdict);
    }

    private static ScenarioCase Scenario()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("p.feature"), "Feature: Progress\n  @req:TSP-X-001\n  Scenario: one\n    Given x\n");
        return FeatureLoader.LoadDirectory(temp.Path).Scenarios.Single();
    }

    [Fact]
    public void Plain_progress_has_no_control_characters()
    {
        var output = new StringWriter();
        var progress = new ConsoleProgress(output, interactive: false);
        ScenarioCase scenario = Scenario();

        progress.RunStarted("Running", 1);
        progress.ScenarioStarted(1, 1, scenario);
        progress.ScenarioFinished(1, 1, scenario, Result(ScenarioStatus.Failed));

        string text = output.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\r', text);
        Assert.Contains("[1/1] NONCONFORMITY", text); // a failed result without a grade counts as a nonconformity
        Assert.Contains("        failed", text); // the message on its own line
    }

    [Fact]
    public void Terminal_progress_rewrites_a_status_line_with_the_current_feature()
    {
        var output = new StringWriter();
        var progress = new ConsoleProgress(output, interactive: true);
        ScenarioCase scenario = Scenario();

        progress.ScenarioStarted(1, 3, scenario);

        Assert.Equal("\r\u001b[K[1/3] Progress: one", output.ToString());
    }
}

using Conformance.Runner.Results;
using Conformance.Steps.Context;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests;

/// <summary>How the Reqnroll host classifies what is not a plain pass or finding.</summary>
public sealed class HostBehaviourTests
{
    private const string Feature = """
        Feature: Host behaviour
          @req:X-UNDEFINED @must
          Scenario: a step nobody implemented
            Given a step that no binding matches

          @req:X-IGNORED @must @ignore
          Scenario: an ignored scenario
            When a time-stamp is requested for a random SHA-256 digest

          @req:X-BUG @must
          Scenario: a step used out of order
            Then the token's nonce equals the request's nonce

          @req:X-PASS @must
          Scenario: a real check
            When a time-stamp is requested for a random SHA-256 digest
            Then the request is granted
        """;

    private static async Task<RunReport> RunAsync(TempDirectory temp, string feature)
    {
        Directory.CreateDirectory(temp.Combine("features"));
        File.WriteAllText(temp.Combine("features", "host.feature"), feature);
        File.WriteAllText(temp.Combine("features", "broken.feature"), "Feature: Broken\n  Scenario: s\n    Given x\n  not gherkin at all\n");
        await using var tsa = new StubTsa();
        var options = new RunOptions { FeaturesDirectory = temp.Combine("features"), OutputDirectory = temp.Combine("out") };
        return await ConformanceRunner.RunAsync(TargetDefinition.FromUrls(tsa.Url, null), options, TestContext.Current.CancellationToken);
    }

    private static ScenarioResult Result(RunReport report, string id) => Assert.Single(report.Scenarios, s => s.RequirementIds.Contains(id));

    [Fact]
    public async Task Undefined_steps_ignored_scenarios_and_step_bugs_are_not_passes_or_findings()
    {
        using var temp = new TempDirectory();
        RunReport report = await RunAsync(temp, Feature);

        ScenarioResult undefined = Result(report, "X-UNDEFINED");
        Assert.Equal(ScenarioStatus.Error, undefined.Status);
        Assert.Equal("step not implemented in Conformance.Steps: \"Given a step that no binding matches\"", undefined.Message);
        Assert.Equal("undefined", Assert.Single(undefined.Steps).Status);

        ScenarioResult ignored = Result(report, "X-IGNORED");
        Assert.Equal(ScenarioStatus.Skipped, ignored.Status);

        // An exception that is not a finding is a defect of the suite or its use: error, never "failed".
        ScenarioResult bug = Result(report, "X-BUG");
        Assert.Equal(ScenarioStatus.Error, bug.Status);
        Assert.StartsWith("InvalidOperationException: No time-stamp request has been prepared", bug.Message);

        Assert.Equal(ScenarioStatus.Passed, Result(report, "X-PASS").Status);
        Assert.Equal(Verdict.Incomplete, report.Verdict);
    }

    [Fact]
    public async Task A_feature_file_with_a_syntax_error_is_a_problem_in_the_report()
    {
        using var temp = new TempDirectory();
        RunReport report = await RunAsync(temp, "Feature: Only a pass\n  @req:X-PASS\n  Scenario: s\n    When a time-stamp is requested for a random SHA-256 digest\n    Then the request is granted\n");

        Assert.StartsWith("broken.feature:4: ", Assert.Single(report.Problems));
        Assert.Equal(ScenarioStatus.Passed, Assert.Single(report.Scenarios).Status);
        Assert.Equal(Verdict.Incomplete, report.Verdict);
        Assert.Contains("broken.feature:4", report.VerdictReason);
    }
}

using Conformance.Checks.Outcomes;
using Conformance.Runner.Grading;
using Conformance.Runner.Host;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;
using Conformance.Steps.Context;
using Conformance.Runner.Tests.Infrastructure;
using Reqnroll;

namespace Conformance.Runner.Tests;

/// <summary>How a finding gets its requirement ID: from the scenario's @req tags, never from a binding's literal.</summary>
public sealed class FindingAttributionTests
{
    private static readonly IReadOnlyList<string> Tags = ["TSP-SVC-001", "EN319421-OVR-5.2-01"];

    static FindingAttributionTests() => Environment.SetEnvironmentVariable("REQNROLL_TELEMETRY_ENABLED", "0");

    [Fact]
    public void A_bindings_finding_without_a_key_is_reported_against_the_scenarios_first_tag()
    {
        var finding = RequirementNotMetException.ForScenario("the token's policy is not disclosed", "1.2.3", "1.2.4");

        FindingAttribution.Attribution a = FindingAttribution.Of(finding, Tags);

        Assert.Null(a.RunnerError);
        Assert.Equal("TSP-SVC-001", a.RequirementId);
        Assert.Equal("TSP-SVC-001: the token's policy is not disclosed (expected: 1.2.3; observed: 1.2.4)", a.Message);
        Assert.Equal(ScenarioStatus.Failed, OutcomeClassifier.Classify(finding, Tags));
        Assert.Equal("EN319421-OVR-5.2-01", OutcomeClassifier.FindingOf(finding, Tags.Reverse().ToList())!.RequirementId);
    }

    [Fact]
    public void A_key_among_the_tags_names_which_requirement_the_finding_belongs_to()
    {
        var finding = RequirementNotMetException.ForScenario("BTSP is not listed", requirement: "EN319421-OVR-5.2-01");

        Assert.Equal("EN319421-OVR-5.2-01", FindingAttribution.Of(finding, Tags).RequirementId);
        Assert.Equal("EN319421-OVR-5.2-01: BTSP is not listed", OutcomeClassifier.Describe(finding, Tags));
    }

    [Fact]
    public void A_key_the_scenario_is_not_tagged_with_is_a_runner_error_not_a_finding()
    {
        var finding = RequirementNotMetException.ForScenario("BTSP is not listed", requirement: "TSP-TST-002");
        var outcome = new ScenarioOutcome(ScenarioExecutionStatus.TestError, finding, [], TimeSpan.Zero, Tags);

        Assert.Equal(ScenarioStatus.Error, outcome.ToStatus());
        Assert.StartsWith("runner error: a step reported a finding against TSP-TST-002, which is not among the scenario's @req tags (TSP-SVC-001, EN319421-OVR-5.2-01)",
            outcome.Message());
        Assert.Null(OutcomeClassifier.FindingOf(finding, Tags));
        Assert.Equal(ScenarioStatus.Error, OutcomeClassifier.Classify(RequirementNotMetException.ForScenario("x", requirement: "TSP-X-001"), []));
    }

    [Fact]
    public void A_check_names_the_requirement_it_embodies_and_a_composing_scenario_keeps_it()
    {
        // An eIDAS Art. 42 scenario runs the CMS signature check: its finding names TSP-CMS-010, as before.
        var finding = new RequirementNotMetException("TSP-CMS-010", "the signature does not verify");

        FindingAttribution.Attribution a = FindingAttribution.Of(finding, ["EIDAS-ART42-1-A"]);

        Assert.Null(a.RunnerError);
        Assert.Equal("TSP-CMS-010", a.RequirementId);
        Assert.Equal(finding.Message, a.Message);
        Assert.Equal(ScenarioStatus.Failed, OutcomeClassifier.Classify(finding, ["EIDAS-ART42-1-A"]));
    }

    [Fact]
    public void Needs_evidence_without_an_id_names_the_scenarios_first_tag()
    {
        var needs = new NeedsAttestedEvidenceException(null, "no operator control", "test records");
        var outcome = new ScenarioOutcome(ScenarioExecutionStatus.TestError, needs, [], TimeSpan.Zero, ["TSP-REF-001"]);

        Assert.Equal(ScenarioStatus.NeedsEvidence, outcome.ToStatus());
        Assert.Equal("TSP-REF-001: needs attested evidence: no operator control; ask for test records", outcome.Message());
    }

    /// <summary>
    /// One step serves two requirements (the nonce check of TSP-REQ-002 and TSP-TST-011): the same finding is reported
    /// against each scenario's own tag, in the scenario's message, its step and its graded finding.
    /// </summary>
    [Fact]
    public async Task A_shared_step_reports_its_finding_against_each_scenarios_own_requirement()
    {
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa(new StubDefects { AlterNonce = true });
        var options = new RunOptions
        {
            OutputDirectory = temp.Path,
            Selection = new ScenarioSelection { RequirementIds = ["TSP-REQ-002", "TSP-TST-011"] },
        };

        RunReport report = await ConformanceRunner.RunAsync(TargetDefinition.FromUrls(tsa.Url, null), options, TestContext.Current.CancellationToken);

        foreach (string id in new[] { "TSP-REQ-002", "TSP-TST-011" })
        {
            var scenarios = report.Scenarios.Where(s => s.RequirementIds.Contains(id)).ToList();
            Assert.NotEmpty(scenarios);
            Assert.All(scenarios, scenario =>
            {
                Assert.Equal(ScenarioStatus.Failed, scenario.Status);
                Assert.StartsWith($"{id}: the token's nonce differs from the request's", scenario.Message);
                Assert.Equal(id, Assert.Single(scenario.Findings).RequirementId);
                Assert.Contains(scenario.Steps, step => step.Status == "failed" && step.Message!.StartsWith(id + ":", StringComparison.Ordinal));
            });
        }
    }
}

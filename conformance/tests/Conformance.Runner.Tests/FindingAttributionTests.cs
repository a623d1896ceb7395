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
    public void A_checks_finding_is_reported_against_its_requirement_when_the_scenario_is_tagged_with_it()
    {
        var finding = new RequirementNotMetException("EN319421-OVR-5.2-01", "BTSP is not listed", "0.4.0.2023.1.1");

        FindingAttribution.Attribution a = FindingAttribution.Of(finding, Tags);

        Assert.Null(a.RunnerError);
        Assert.Equal("EN319421-OVR-5.2-01", a.RequirementId);
        Assert.Equal("EN319421-OVR-5.2-01: BTSP is not listed (expected: 0.4.0.2023.1.1)", a.Message);
        Assert.Equal(ScenarioStatus.Failed, OutcomeClassifier.Classify(finding, Tags));
        Assert.Equal("EN319421-OVR-5.2-01", OutcomeClassifier.FindingOf(finding, Tags)!.RequirementId);
    }

    /// <summary>
    /// The rule is total: a check of Conformance.Checks that names a requirement the scenario is not tagged with (here
    /// the CMS signature check in an eIDAS Art. 42 scenario) makes the scenario a runner error, not a finding graded
    /// under a heading the scenario does not claim.
    /// </summary>
    [Fact]
    public void A_checks_finding_naming_a_requirement_outside_the_tags_is_a_runner_error()
    {
        IReadOnlyList<string> tags = ["EIDAS-ART42-1-A"];
        var finding = new RequirementNotMetException("TSP-CMS-010", "the signature does not verify", "a valid signature", "bad");
        var outcome = new ScenarioOutcome(ScenarioExecutionStatus.TestError, finding, [], TimeSpan.Zero, tags);

        FindingAttribution.Attribution a = FindingAttribution.Of(finding, tags);

        Assert.Equal("runner error: a check reported a finding against TSP-CMS-010, which is not among the scenario's @req tags (EIDAS-ART42-1-A); "
            + "the finding was: the signature does not verify (expected: a valid signature; observed: bad)", a.RunnerError);
        Assert.Null(a.RequirementId);
        Assert.Equal(ScenarioStatus.Error, outcome.ToStatus());
        Assert.Equal(a.RunnerError, outcome.Message());
        Assert.Null(OutcomeClassifier.FindingOf(finding, tags));
        Assert.Equal(ScenarioStatus.Error, OutcomeClassifier.Classify(new RequirementNotMetException("TSP-TST-003", "x"), []));
    }

    /// <summary>A check composing another requirement's check reports the part's finding under its own requirement.</summary>
    [Fact]
    public void A_composed_part_is_reported_under_the_composing_requirement()
    {
        IReadOnlyList<string> tags = ["EIDAS-ART42-1-A"];
        var part = new RequirementNotMetException("TSP-CMS-010", "the signature does not verify", "a valid signature", "bad");

        FindingAttribution.Attribution a = FindingAttribution.Of(part.AsPartOf("EIDAS-ART42-1-A"), tags);

        Assert.Null(a.RunnerError);
        Assert.Equal("EIDAS-ART42-1-A", a.RequirementId);
        Assert.Equal("EIDAS-ART42-1-A: the TSP-CMS-010 check finds: the signature does not verify (expected: a valid signature; observed: bad)", a.Message);
    }

    /// <summary>A check another requirement owns, run as a precondition: a finding only when the scenario claims that requirement.</summary>
    [Fact]
    public void A_precondition_outside_the_tags_leaves_the_scenario_not_judged()
    {
        var requirements = new ScenarioRequirements([new ScenarioRequirement("TSP-REF-005", "", [])]);
        var refused = new RequirementNotMetException("TSP-REF-001", "the TSA kept issuing");

        var notJudged = Assert.Throws<TargetErrorException>(() => requirements.Precondition(() => throw refused, "the TSA did not stop issuing"));
        Assert.Equal("not judged: the TSA did not stop issuing, which is TSP-REF-001's finding (TSP-REF-001: the TSA kept issuing)", notJudged.Message);

        var covering = new ScenarioRequirements([new ScenarioRequirement("TSP-REF-001", "", [])]);
        Assert.Same(refused, Assert.Throws<RequirementNotMetException>(() => covering.Precondition(() => throw refused, "the TSA did not stop issuing")));
        Assert.Equal(7, covering.Precondition(() => 7, "unused"));
    }

    [Fact]
    public void Needs_evidence_without_an_id_names_the_scenarios_first_tag()
    {
        var needs = new NeedsAttestedEvidenceException(null, "no operator control", "test records");
        var outcome = new ScenarioOutcome(ScenarioExecutionStatus.TestError, needs, [], TimeSpan.Zero, ["TSP-REF-001"]);

        Assert.Equal(ScenarioStatus.NeedsEvidence, outcome.ToStatus());
        Assert.Equal("TSP-REF-001: needs attested evidence: no operator control; ask for test records", outcome.Message());
    }

    [Fact]
    public void Needs_evidence_naming_a_requirement_outside_the_tags_is_a_runner_error()
    {
        var needs = new NeedsAttestedEvidenceException("TSP-SVC-001", "no disclosure statement was given", "the disclosure statement");
        var outcome = new ScenarioOutcome(ScenarioExecutionStatus.TestError, needs, [], TimeSpan.Zero, ["TSP-REF-001"]);

        Assert.Equal(ScenarioStatus.Error, outcome.ToStatus());
        Assert.Equal("runner error: a check asked for attested evidence for TSP-SVC-001, which is not among the scenario's @req tags (TSP-REF-001); "
            + "the finding was: needs attested evidence: no disclosure statement was given; ask for the disclosure statement", outcome.Message());
        Assert.Equal(ScenarioStatus.NeedsEvidence, OutcomeClassifier.Classify(needs, ["TSP-SVC-001"]));
        Assert.Equal("TSP-SVC-001: needs attested evidence: no disclosure statement was given; ask for the disclosure statement",
            OutcomeClassifier.Describe(needs, ["TSP-SVC-001", "EN319421-OVR-5.2-01"]));
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

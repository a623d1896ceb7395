using Conformance.Catalogue;
using Conformance.Runner.Grading;
using Conformance.Runner.Results;

namespace Conformance.Runner.Tests;

/// <summary>The severity model: how a finding is graded, and how grades decide the verdict.</summary>
public sealed class GradingTests
{
    private static readonly RequirementWeights Weights = RequirementWeights.Of(
    [
        new RequirementWeight("TSP-MUST-001", "MUST", "verified", "EN319422 V1.1.1 §5.2"),
        new RequirementWeight("TSP-MUST-002", "MUST", "secondary", "EN319422 V1.1.1 §6.1"),
        new RequirementWeight("TSP-SHOULD-001", "SHOULD", "verified", "EN319422 V1.1.1 §6.4"),
        new RequirementWeight("TSP-MAY-001", "MAY", "verified", "RFC3161 §2.4.2"),
    ]);

    private static FindingGrader.Result Grade(string message, IReadOnlyList<string> scenarioIds, string? id = null, string? placeholder = null, bool strict = false) =>
        FindingGrader.Grade([new RawFinding(id, message, placeholder)], scenarioIds, "must", Weights, strict);

    [Fact]
    public void A_verified_must_is_a_nonconformity_and_says_its_clause()
    {
        var r = Grade("TSP-MUST-001: broken (expected: a; observed: b)", ["TSP-MUST-001"]);
        Assert.Equal(FindingGrade.Nonconformity, r.Grade);
        Assert.Equal("MUST (verified, EN319422 V1.1.1 §5.2)", r.Reason);
        GradedFinding f = Assert.Single(r.Findings);
        Assert.Equal(new GradedFinding("TSP-MUST-001", "MUST", "verified", FindingGrade.Nonconformity, "TSP-MUST-001: broken (expected: a; observed: b)"), f);
    }

    [Fact]
    public void A_should_an_unverified_must_and_a_placeholder_basis_are_observations_and_a_may_is_informative()
    {
        Assert.Equal((FindingGrade.Observation, "SHOULD (verified, EN319422 V1.1.1 §6.4)"),
            Pair(Grade("TSP-SHOULD-001: no privateKeyUsagePeriod", ["TSP-SHOULD-001", "TSP-MUST-001"])));
        Assert.Equal((FindingGrade.Observation, "MUST, source not verified (secondary, EN319422 V1.1.1 §6.1)"),
            Pair(Grade("TSP-MUST-002: no organizationIdentifier", ["TSP-MUST-002"])));
        var placeholder = Grade("TSP-MUST-001: key too short", ["TSP-MUST-001"], placeholder: "ECCG ACM RSA end date (placeholder)");
        Assert.Equal(FindingGrade.Observation, placeholder.Grade);
        Assert.Contains("rests on a placeholder value: ECCG ACM RSA end date (placeholder)", placeholder.Reason);
        Assert.Equal(FindingGrade.Informative, Grade("TSP-MAY-001: no nonce", ["TSP-MAY-001"]).Grade);
    }

    [Fact]
    public void The_requirement_the_finding_names_decides_not_the_strongest_tag()
    {
        // The scenario also carries a verified MUST, but the finding is about the SHOULD (issue: TSP-CERT-005 beside TIS-7.6.7 IDs).
        var r = Grade("TSP-SHOULD-001: no privateKeyUsagePeriod", ["TSP-MUST-001", "TSP-SHOULD-001"]);
        Assert.Equal(FindingGrade.Observation, r.Grade);
        Assert.Equal("TSP-SHOULD-001", r.Findings[0].RequirementId);
    }

    [Fact]
    public void A_finding_naming_no_requirement_of_the_scenario_is_graded_by_its_strongest_and_flagged()
    {
        var r = Grade("TSP-OTHER-009: something", ["TSP-SHOULD-001", "TSP-MUST-001"]);
        Assert.Equal(FindingGrade.Nonconformity, r.Grade);
        Assert.StartsWith("TSP-MUST-001: MUST (verified", r.Reason);
        Assert.Contains("the finding names TSP-OTHER-009, which the scenario is not tagged with", r.Reason);

        var none = Grade("no identifier at all", ["TSP-SHOULD-001"]);
        Assert.Equal(FindingGrade.Observation, none.Grade);
        Assert.Contains("the finding names no requirement", none.Reason);
        Assert.Null(none.Findings[0].RequirementId);

        // Not in the catalogue at all: the scenario's tag gives the level, and nothing verified makes it a nonconformity.
        var uncatalogued = Grade("TSP-NEW-001: new check", ["TSP-NEW-001"]);
        Assert.Equal(FindingGrade.Observation, uncatalogued.Grade);
        Assert.Equal("unknown", uncatalogued.Findings[0].Confidence);
        Assert.Contains("TSP-NEW-001 is not in the catalogue", uncatalogued.Reason);
    }

    [Fact]
    public void Strict_never_raises_a_finding_that_rests_on_a_placeholder_value()
    {
        var r = Grade("TSP-MUST-001: key too short", ["TSP-MUST-001"], placeholder: "eccg-acm-v2 line 22 is a placeholder value", strict: true);
        Assert.Equal(FindingGrade.Observation, r.Grade);
        Assert.Contains("not counted as a nonconformity under --strict", r.Reason);
        // Beside an ordinary observation of the same scenario, --strict still counts the scenario (for the ordinary one).
        var both = FindingGrader.Grade(
            [new RawFinding(null, "TSP-MUST-001: key too short", "a placeholder"), new RawFinding(null, "TSP-SHOULD-001: no privateKeyUsagePeriod")],
            ["TSP-MUST-001", "TSP-SHOULD-001"], "must", Weights, strict: true);
        Assert.Equal(FindingGrade.Nonconformity, both.Grade);
    }

    [Fact]
    public void Strict_raises_an_observation_to_a_nonconformity_but_the_finding_keeps_its_grade()
    {
        var r = Grade("TSP-SHOULD-001: no privateKeyUsagePeriod", ["TSP-SHOULD-001"], strict: true);
        Assert.Equal(FindingGrade.Nonconformity, r.Grade);
        Assert.EndsWith("; counted as a nonconformity (--strict)", r.Reason);
        Assert.Equal(FindingGrade.Observation, r.Findings[0].Grade);
        Assert.Equal(FindingGrade.Informative, Grade("TSP-MAY-001: x", ["TSP-MAY-001"], strict: true).Grade);
    }

    [Fact]
    public void The_id_in_the_message_is_read_as_the_checks_write_it()
    {
        Assert.Equal("EN319421-TIS-7.6.7-01", FindingGrader.RequirementIdIn("EN319421-TIS-7.6.7-01: key expired (observed: x)"));
        Assert.Equal("TSP-CERT-005", FindingGrader.RequirementIdIn("TSP-CERT-005: no PKUP"));
        Assert.Null(FindingGrader.RequirementIdIn("connection refused: nothing listens"));
    }

    [Fact]
    public void Must_q_resolves_to_must_only_under_the_qualified_profile()
    {
        string spec = SpecDirectoryLocator.Locate(null, AppContext.BaseDirectory) ?? throw new InvalidOperationException("spec/ not found");
        CatalogueLoadResult loaded = CatalogueLoader.Load(spec);
        Requirement? mustQ = loaded.Catalogue.Requirements.FirstOrDefault(r => r.Level == RequirementLevel.MustQualified && r.BaseLevel == RequirementLevel.Should);
        Assert.SkipWhen(mustQ is null, "the catalogue has no MUST-Q requirement with base level SHOULD");

        Assert.Equal("MUST", RequirementWeights.Load(spec, "eu-qualified").Find(mustQ!.Id)!.Level);
        Assert.Equal("SHOULD", RequirementWeights.Load(spec, "etsi").Find(mustQ.Id)!.Level);
        Assert.Equal("SHOULD", RequirementWeights.Load(spec, null).Find(mustQ.Id)!.Level);
        Assert.Equal(mustQ.Confidence.ToText(), RequirementWeights.Load(spec, "eu-qualified").Find(mustQ.Id)!.Confidence);
    }

    private static ScenarioResult Failed(string id, FindingGrade grade) => new()
    {
        Id = id, Feature = "F", Name = id, Location = "f.feature:1", RequirementIds = [id], Severity = "must",
        Status = ScenarioStatus.Failed, Message = $"{id}: finding", Grade = grade, GradeReason = "test",
    };

    private static ScenarioResult Passed(string id) => new()
    {
        Id = id, Feature = "F", Name = id, Location = "f.feature:1", RequirementIds = [id], Severity = "must", Status = ScenarioStatus.Passed,
    };

    [Fact]
    public void Observations_never_decide_the_verdict_but_are_named_and_counted()
    {
        ScenarioResult[] results = [Passed("TSP-A-001"), Failed("TSP-CERT-005", FindingGrade.Observation), Failed("TSP-B-001", FindingGrade.Informative)];
        var (verdict, reason) = VerdictRules.Decide(results, []);
        Assert.Equal(Verdict.Conformant, verdict);
        Assert.Equal("no nonconformity (1 applicable scenario(s) passed); 1 observation(s): TSP-CERT-005; 1 informative finding(s): TSP-B-001", reason);

        ResultCounts counts = ResultCounts.Of(results);
        Assert.Equal((2, 0, 1, 1), (counts.Failed, counts.Nonconformities, counts.Observations, counts.Informative));

        var (nonConformant, why) = VerdictRules.Decide([.. results, Failed("TSP-TST-008", FindingGrade.Nonconformity)], []);
        Assert.Equal(Verdict.NonConformant, nonConformant);
        Assert.StartsWith("1 nonconformity: TSP-TST-008; 1 observation(s): TSP-CERT-005", why);
    }

    [Fact]
    public void An_unchecked_chain_is_said_on_the_verdict()
    {
        var chain = new ScenarioResult
        {
            Id = "c", Feature = "F", Name = "chain", Location = "f.feature:2", RequirementIds = ["TSP-CERT-009"], Severity = "must",
            Status = ScenarioStatus.NotApplicable, Message = "no trust anchors are declared for this target (trust-anchors in the target file)",
        };
        var (verdict, reason) = VerdictRules.Decide([Passed("TSP-A-001"), chain], []);
        Assert.Equal(Verdict.Conformant, verdict);
        Assert.EndsWith("; chain not checked: no trust anchors given", reason);
        Assert.DoesNotContain("chain not checked", VerdictRules.Decide([Passed("TSP-A-001"), chain with { Message = "the token holds no certificate" }], []).Reason);
    }

    private static (FindingGrade, string) Pair(FindingGrader.Result r) => (r.Grade, r.Reason);
}

using Conformance.Runner.Results;
using Conformance.Targets.Reference.Defects;

namespace Conformance.Defects.Tests;

/// <summary>
/// The proof that every check bites (issue #6 item 6): for each defect of the reference TSA's catalogue, the TSA runs
/// with that one defect and the scenarios of the requirements named for it fail with a finding naming the requirement
/// (not an error); without defects, the same requirements pass. A requirement named for a defect but without a
/// scenario yet fails its row, naming the missing scenario.
/// </summary>
public sealed class DefectMatrixTests(DefectTarget target, ITestOutputHelper output)
{
    public static IEnumerable<TheoryDataRow<string>> Defects() =>
        ReferenceDefects.All.Select(d => new TheoryDataRow<string>(d.Name)
        {
            TestDisplayName = $"{d.Name} is caught by {string.Join(", ", d.CaughtBy)}",
            Traits = new Dictionary<string, HashSet<string>> { ["Requirement"] = [.. d.CaughtBy], ["Site"] = [d.Site] },
        });

    [Theory]
    [MemberData(nameof(Defects))]
    public async Task Defect(string name)
    {
        ReferenceDefect defect = ReferenceDefects.Find(name)!;
        (RunReport report, string directory) = await target.RunAsync([defect.Name], defect.CaughtBy, TestContext.Current.CancellationToken);
        Print(report, directory);

        var problems = new List<string>();
        foreach (string id in defect.CaughtBy)
        {
            var scenarios = report.Scenarios.Where(s => s.RequirementIds.Contains(id)).ToList();
            if (scenarios.Count == 0)
            {
                problems.Add($"{id}: no scenario is tagged @req:{id} yet, so nothing shows that {defect.Name} is caught");
                continue;
            }

            var errors = scenarios.Where(s => s.Status == ScenarioStatus.Error).ToList();
            // A finding: the scenario failed (RequirementNotMet), naming the check's requirement (the scenario's first ID, or this one).
            var caught = scenarios.Where(s => s.Status == ScenarioStatus.Failed && !string.IsNullOrEmpty(s.Message)).ToList();
            if (errors.Count > 0)
            {
                problems.Add($"{id}: error instead of a finding in {string.Join("; ", errors.Select(s => $"{s.Location} ({s.Message})"))}");
            }
            else if (caught.Count == 0)
            {
                problems.Add($"{id}: not caught, its scenarios ended {string.Join("; ", scenarios.Select(s => $"{s.Location} {s.Status.ToText()}{(s.Message is null ? "" : ": " + s.Message)}"))}");
            }
            else
            {
                problems.AddRange(caught.Select(GradeProblem).OfType<string>());
            }
        }

        // How the finding is graded: a verified MUST gives a nonconformity, a SHOULD or a reading not verified an observation.
        foreach ((string id, FindingGrade grade) in ExpectedGrades.GetValueOrDefault(defect.Name, []))
        {
            var findings = report.Scenarios.Where(s => s.RequirementIds.Contains(id)).SelectMany(s => s.Findings).Where(f => f.RequirementId == id).ToList();
            if (!findings.Any(f => f.Grade == grade))
            {
                problems.Add($"{id}: expected a finding graded {grade.ToText()}, got {(findings.Count == 0 ? "no finding naming it" : string.Join("; ", findings.Select(f => $"{f.Grade.ToText()} ({f.Level}, {f.Confidence})")))}");
            }
        }

        Assert.True(problems.Count == 0, $"defect {defect.Name} ({defect.Effect}):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}");
    }

    /// <summary>
    /// The grade each defect's finding must get (issue #12): the defects the standards forbid with a verified "shall"
    /// stay nonconformities; SHOULD-level defects, and those resting on a reading not verified, are observations.
    /// </summary>
    private static readonly Dictionary<string, (string Id, FindingGrade Grade)[]> ExpectedGrades = new(StringComparer.Ordinal)
    {
        ["accuracy-missing"] = [("TSP-TST-008", FindingGrade.Nonconformity)],
        ["accuracy-above-1s"] = [("TSP-TST-008", FindingGrade.Nonconformity)],
        ["ordering-true"] = [("TSP-TST-010", FindingGrade.Nonconformity)],
        ["eku-not-critical"] = [("TSP-CERT-002", FindingGrade.Nonconformity)],
        ["signature-invalid"] = [("TSP-CMS-010", FindingGrade.Nonconformity)],
        ["imprint-altered"] = [("TSP-TST-003", FindingGrade.Nonconformity)],
        ["message-digest-wrong"] = [("TSP-CMS-006", FindingGrade.Nonconformity)],
        ["esscertidv2-wrong-hash"] = [("TSP-CMS-008", FindingGrade.Nonconformity)],
        ["certificates-without-certreq"] = [("TSP-REQ-004", FindingGrade.Nonconformity)],
        ["certificate-outlives-algorithm"] = [("TSP-CERT-012", FindingGrade.Nonconformity)],
        ["private-key-usage-period-beyond-certificate"] = [("EN319421-TIS-7.6.7-02", FindingGrade.Nonconformity), ("TSP-CERT-005", FindingGrade.Observation)],
        ["private-key-usage-period-missing"] = [("TSP-CERT-005", FindingGrade.Observation)],
        ["failinfo-missing"] = [("TSP-RESP-003", FindingGrade.Observation)],
        ["sha1-imprint-accepted"] = [("TSP-REQ-009", FindingGrade.Observation)],
        ["esscertid-sha1-only"] = [("TSP-CMS-009", FindingGrade.Observation)],
        ["subject-without-organization-identifier"] = [("TSP-CERT-007", FindingGrade.Observation)],
        ["key-usage-extra"] = [("TSP-CERT-003", FindingGrade.Observation)],
        ["tsu-key-rsa-1024"] = [("TSP-ALG-001", FindingGrade.Observation), ("TSP-CERT-011", FindingGrade.Observation), ("TSP-ALG-002", FindingGrade.Informative)],
    };

    /// <summary>
    /// A caught defect carries the grade its finding's requirement gives (no profile: MUST-Q at its base level): a
    /// verified MUST is a nonconformity, a SHOULD or a MUST read second-hand an observation, a MAY informative. A
    /// SHOULD-level defect is still caught, as an observation.
    /// </summary>
    private static string? GradeProblem(ScenarioResult s)
    {
        GradedFinding? finding = s.Findings.FirstOrDefault();
        if (s.Grade is null || finding is null)
        {
            return $"{s.Location}: failed without a grade";
        }

        FindingGrade expected = finding.Level switch
        {
            "MUST" when finding.Confidence == "verified" => FindingGrade.Nonconformity,
            "MUST" or "SHOULD" => FindingGrade.Observation,
            _ => FindingGrade.Informative,
        };
        bool placeholder = s.GradeReason?.Contains("placeholder value", StringComparison.Ordinal) == true;
        return s.Grade == expected || (placeholder && s.Grade == FindingGrade.Observation)
            ? null
            : $"{s.Location}: graded {s.Grade.Value.ToText()} ({s.GradeReason}) but its finding names a {finding.Level} ({finding.Confidence}) requirement";
    }

    [Fact]
    public async Task Without_defects_every_requirement_of_the_matrix_passes()
    {
        var ids = ReferenceDefects.All.SelectMany(d => d.CaughtBy).Distinct().Order(StringComparer.Ordinal).ToList();
        (RunReport report, string directory) = await target.RunAsync([], ids, TestContext.Current.CancellationToken);
        Print(report, directory);

        var bad = report.Scenarios.Where(s => s.Status is ScenarioStatus.Failed or ScenarioStatus.Error).ToList();
        Assert.True(bad.Count == 0, "without defects, these scenarios did not pass:" + Environment.NewLine
            + string.Join(Environment.NewLine, bad.Select(s => $"  {s.Location} [{string.Join(", ", s.RequirementIds)}] {s.Status.ToText()}: {s.Message}")));
        Assert.Contains(report.Scenarios, s => s.Status == ScenarioStatus.Passed);
    }

    /// <summary>
    /// Every requirement with scenarios is named for a defect, explained in NotBreakable, or tagged only on scenarios that
    /// also carry a requirement so shown (e.g. EN 319 421 clause IDs beside the TSP check ID on one scenario).
    /// </summary>
    [Fact]
    public void Every_requirement_with_scenarios_is_caught_by_a_defect_or_explained()
    {
        var shown = ReferenceDefects.All.SelectMany(d => d.CaughtBy).Concat(ReferenceDefects.NotBreakable.Keys).ToHashSet(StringComparer.Ordinal);
        var scenarios = DefectTarget.Scenarios();
        var uncovered = scenarios.SelectMany(s => s.RequirementIds).Distinct()
            .Where(id => !shown.Contains(id) && !scenarios.Where(s => s.RequirementIds.Contains(id)).All(s => s.RequirementIds.Any(shown.Contains)))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(uncovered.Count == 0,
            $"requirements with scenarios that no defect of {ReferenceDefects.CatalogueSource} breaks, and no reason is given why: {string.Join(", ", uncovered)}");
    }

    private void Print(RunReport report, string directory)
    {
        output.WriteLine($"report: {directory}/report.json");
        foreach (ScenarioResult s in report.Scenarios)
        {
            string grade = s.Grade is { } g ? $" {g.ToText()} ({s.GradeReason})" : "";
            output.WriteLine($"{s.Status.ToText(),-14} {s.Location} [{string.Join(", ", s.RequirementIds)}]{grade} {s.Message}");
        }
    }
}

using Conformance.Catalogue;

namespace Reports;

/// <summary>The verdict of an assessment, decided again from the scenario views once waivers and the register are applied.</summary>
internal static class VerdictRules
{
    /// <summary>
    /// The runner's rules (Verdict.cs), re-applied after waivers: an unwaived nonconformity makes the target non-conformant
    /// (observations and informative findings are named in the reason, never decide it);
    /// an error, a mandatory scenario that did not run, or (when a register is given) a mandatory attested requirement
    /// without valid evidence withholds the verdict (incomplete), with the reason.
    /// </summary>
    public static (string, string) Decide(
        ReportModel report, IReadOnlyList<ScenarioView> views, IReadOnlyList<TraceRow> matrix, EvidenceRegister? register, IReadOnlyList<Requirement> profile)
    {
        int waived = Count(views.Where(v => v.Waived));
        string notes = (waived > 0 ? $"; {waived} finding(s) waived" : "") + GradeNotes(views);
        var failed = views.Where(v => !v.Waived && v.Scenario.EffectiveGrade == Grades.Nonconformity).ToList();
        if (Count(failed) is > 0 and int nonconformities)
        {
            return (Outcome.NonConformant, $"{nonconformities} nonconformit{(nonconformities == 1 ? "y" : "ies")}: {Ids(failed)}{notes}");
        }

        var errors = views.Where(v => !v.Waived && v.Scenario.Status == Outcome.Error).ToList();
        if (errors.Count > 0)
        {
            return (Outcome.Incomplete, $"verdict withheld: {Count(errors)} scenario(s) could not be checked: {Ids(errors)}{notes}");
        }

        var skipped = views.Where(v => v.Scenario.Status == Outcome.Skipped && v.Scenario.Severity == "must").ToList();
        if (skipped.Count > 0)
        {
            return (Outcome.Incomplete, $"verdict withheld: {Count(skipped)} mandatory scenario(s) did not run: {Ids(skipped)}{notes}");
        }

        // A mandatory needs-evidence scenario is settled only by an evidenced entry of the register for its requirement.
        var evidenced = matrix.Where(m => m.Attestation?.Status == AttestationStatus.Evidenced).Select(m => m.RequirementId).ToHashSet(StringComparer.Ordinal);
        var needsEvidence = views.Where(v => v.Scenario.Status == Outcome.NeedsEvidence && v.Scenario.Severity == "must"
            && !(v.Scenario.RequirementIds.Count > 0 && v.Scenario.RequirementIds.All(evidenced.Contains))).ToList();
        if (needsEvidence.Count > 0)
        {
            return (Outcome.Incomplete, $"verdict withheld: {Count(needsEvidence)} mandatory scenario(s) need attested evidence: {Ids(needsEvidence)}{notes}");
        }

        if (report.Problems.Count > 0)
        {
            return (Outcome.Incomplete, $"verdict withheld: {report.Problems.Count} problem(s) prevented part of the run: {report.Problems[0]}{notes}");
        }

        if (register is not null)
        {
            var profileIds = profile.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            var unevidenced = matrix.Where(m => m.Attestation is { Status: not AttestationStatus.Evidenced }
                    && m.Requirement?.Level is RequirementLevel.Must or RequirementLevel.MustQualified
                    && (profileIds.Count == 0 || profileIds.Contains(m.RequirementId) || register.Entries.Any(e => e.Requirement == m.RequirementId)))
                .ToList();
            if (unevidenced.Count > 0)
            {
                return (Outcome.Incomplete, $"verdict withheld: {unevidenced.Count} mandatory attested requirement(s) without valid evidence: "
                    + string.Join(", ", unevidenced.Take(10).Select(m => $"{m.RequirementId} ({m.Attestation!.StatusText})")) + notes);
            }
        }

        int passed = Count(views.Where(v => v.Scenario.Status == Outcome.Passed));
        if (passed == 0)
        {
            return (Outcome.Incomplete, (views.Count == 0 ? "verdict withheld: no scenario was selected" : "verdict withheld: no scenario could be checked") + notes);
        }

        bool listed = views.Any(v => !v.Waived && v.Scenario.Status == Outcome.Failed);
        return (Outcome.Conformant, listed ? $"no nonconformity ({passed} applicable scenario(s) passed){notes}" : $"all {passed} applicable scenario(s) passed{notes}");
    }

    /// <summary>Said on the verdict whatever it is: observations and informative findings (not waived), and an unchecked certificate chain.</summary>
    private static string GradeNotes(IReadOnlyList<ScenarioView> views)
    {
        var notes = new List<string>();
        foreach (string grade in new[] { Grades.Observation, Grades.Informative })
        {
            var these = views.Where(v => !v.Waived && v.Scenario.EffectiveGrade == grade).ToList();
            if (these.Count > 0)
            {
                notes.Add($"{Count(these)} {(grade == Grades.Observation ? "observation(s)" : "informative finding(s)")}: {Ids(these)}");
            }
        }

        if (Assessment.ChainNotChecked(views))
        {
            notes.Add(Assessment.ChainNotCheckedNote);
        }

        return notes.Count == 0 ? "" : "; " + string.Join("; ", notes);
    }

    private static string Ids(IEnumerable<ScenarioView> views) =>
        string.Join(", ", views.SelectMany(v => v.Scenario.RequirementIds.DefaultIfEmpty(v.Scenario.Name)).Distinct().Take(10));


    /// <summary>Scenario results counted per file: an inspection's aggregated view stands for <see cref="ScenarioView.Files"/> of them.</summary>
    private static int Count(IEnumerable<ScenarioView> views) => views.Sum(v => v.Files);
}

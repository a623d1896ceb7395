using System.Text.RegularExpressions;

namespace Reports;

/// <summary>
/// A failed (or not checkable) scenario, with what the requirement expected and what the target did. <see cref="Grade"/>
/// is nonconformity, observation or informative for a failed scenario (as report.json graded it) and "not checkable"
/// for an error; <see cref="GradeReason"/> says why (level, confidence, clause).
/// </summary>
public sealed partial record Finding(
    ScenarioView View, string Grade, string GradeReason, string RequirementIds, string Clause, string Summary, string? Expected, string? Observed, string Remediation)
{
    public static Finding From(ScenarioView view, Conformance.Catalogue.Catalogue? catalogue)
    {
        ReportScenario s = view.Scenario;
        string message = s.Message ?? "(no message recorded)";
        string? expected = null, observed = null;
        string summary = message;
        // Conformance.Checks formats findings as "ID: message (expected: X; observed: Y)".
        Match m = ExpectedObserved().Match(message);
        if (m.Success)
        {
            summary = message[..m.Index].TrimEnd();
            expected = m.Groups["e"].Success && m.Groups["e"].Value.Length > 0 ? m.Groups["e"].Value : null;
            observed = m.Groups["o"].Success ? m.Groups["o"].Value : null;
        }

        var requirements = s.RequirementIds.Select(id => catalogue?.Find(id)).OfType<Conformance.Catalogue.Requirement>().ToList();
        string clause = requirements.Count > 0
            ? string.Join("; ", requirements.Select(r => r.Source.Citation).Distinct())
            : string.Join("; ", s.Sources);
        string grade = s.EffectiveGrade ?? NotCheckable;
        string reason = s.EffectiveGradeReason ?? "the check could not be made: the verdict is withheld, not decided";
        return new Finding(view, grade, reason, string.Join(", ", s.RequirementIds), clause, summary, expected, observed,
            RemediationHints.For(s, requirements));
    }

    public const string NotCheckable = "not checkable";

    public bool IsNonconformity => Grade == Grades.Nonconformity;

    [GeneratedRegex(@"\((?:expected: (?<e>.*?))?(?:;?\s*observed: (?<o>.*))?\)\s*$", RegexOptions.Singleline)]
    private static partial Regex ExpectedObserved();
}

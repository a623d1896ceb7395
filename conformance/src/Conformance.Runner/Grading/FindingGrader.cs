using System.Text.RegularExpressions;
using Conformance.Runner.Results;

namespace Conformance.Runner.Grading;

/// <summary>What the grader needs to know about one failed check.</summary>
/// <param name="RequirementId">The requirement the finding names (from the check, else read from the message); null when it names none.</param>
/// <param name="PlaceholderBasis">The placeholder value the finding rests on, when it does (never a nonconformity then).</param>
public sealed record RawFinding(string? RequirementId, string Message, string? PlaceholderBasis = null);

/// <summary>
/// Grades the findings of a failed scenario (the severity model): a finding breaking a requirement whose level, as
/// resolved for the profile, is MUST and whose catalogue reading is verified is a nonconformity; a SHOULD, a MUST read
/// second-hand or not verified, or a finding resting on a placeholder value is an observation; MAY and INFO are
/// informative. A finding is graded by the requirement it names; one that names no requirement is graded by the
/// scenario's strongest requirement (or its severity tag) and the reason says so. The runner never passes a finding
/// naming a requirement the scenario is not tagged with (<see cref="FindingAttribution"/> makes that scenario an error);
/// a direct caller that does gets the same fallback, with the reason saying so.
/// The scenario's grade is its most severe finding's; under --strict an observation counts as a nonconformity.
/// </summary>
public static partial class FindingGrader
{
    public sealed record Result(FindingGrade Grade, string Reason, IReadOnlyList<GradedFinding> Findings);

    /// <summary>Reads the requirement ID a finding message starts with ("ID: text (expected: X; observed: Y)").</summary>
    public static string? RequirementIdIn(string? message) =>
        message is not null && LeadingId().Match(message) is { Success: true } m ? m.Groups["id"].Value : null;

    public static Result Grade(
        IReadOnlyList<RawFinding> findings, IReadOnlyList<string> scenarioRequirements, string scenarioSeverity, RequirementWeights weights, bool strict)
    {
        var graded = new List<(GradedFinding Finding, string Reason, bool OnPlaceholder)>();
        foreach (RawFinding raw in findings)
        {
            string? id = raw.RequirementId ?? RequirementIdIn(raw.Message);
            RequirementWeight? weight = id is not null && scenarioRequirements.Contains(id, StringComparer.Ordinal) ? weights.Find(id) : null;
            (string Level, string Confidence, FindingGrade Grade, string Reason) g;
            if (weight is not null)
            {
                g = Judge(weight, raw.PlaceholderBasis);
            }
            else
            {
                g = Fallback(scenarioRequirements, scenarioSeverity, weights, raw.PlaceholderBasis);
                string why = id is null ? "the finding names no requirement"
                    : !scenarioRequirements.Contains(id, StringComparer.Ordinal) ? $"the finding names {id}, which the scenario is not tagged with"
                    : $"{id} is not in the catalogue{(weights.Problem is { } p ? $" ({p})" : "")}";
                g = g with { Reason = $"{g.Reason}; graded by the scenario's strongest requirement because {why}" };
            }

            graded.Add((new GradedFinding(id, g.Level, g.Confidence, g.Grade, raw.Message), g.Reason, raw.PlaceholderBasis is not null));
        }

        if (graded.Count == 0)
        {
            // A failed scenario always has a finding; keep the model total if a caller passes none.
            var g = Fallback(scenarioRequirements, scenarioSeverity, weights, null);
            graded.Add((new GradedFinding(null, g.Level, g.Confidence, g.Grade, "(no finding recorded)"), g.Reason + "; no finding was recorded", false));
        }

        var worst = graded.MinBy(x => x.Finding.Grade);
        FindingGrade grade = worst.Finding.Grade;
        string reason = worst.Reason;
        if (strict && grade == FindingGrade.Observation)
        {
            // --strict never promotes a finding that rests on a placeholder or unverified value (spec/crypto rows): such a
            // value cannot decide a nonconformity, whatever the user asks for.
            if (graded.Any(x => x.Finding.Grade == FindingGrade.Observation && !x.OnPlaceholder))
            {
                grade = FindingGrade.Nonconformity;
                reason += "; counted as a nonconformity (--strict)";
            }
            else
            {
                reason += "; not counted as a nonconformity under --strict: it rests on a placeholder or unverified value";
            }
        }

        return new Result(grade, reason, [.. graded.Select(x => x.Finding)]);
    }

    private static (string Level, string Confidence, FindingGrade Grade, string Reason) Judge(RequirementWeight w, string? placeholderBasis)
    {
        string citation = w.Citation.Length > 0 ? $", {w.Citation}" : "";
        return w.Level switch
        {
            "MUST" when placeholderBasis is not null =>
                (w.Level, w.Confidence, FindingGrade.Observation, $"MUST ({w.Confidence}{citation}), but the finding rests on a placeholder value: {placeholderBasis}"),
            "MUST" when w.Confidence == "verified" => (w.Level, w.Confidence, FindingGrade.Nonconformity, $"MUST (verified{citation})"),
            "MUST" => (w.Level, w.Confidence, FindingGrade.Observation, $"MUST, source not verified ({w.Confidence}{citation})"),
            "SHOULD" => (w.Level, w.Confidence, FindingGrade.Observation, $"SHOULD ({w.Confidence}{citation})"),
            _ => (w.Level, w.Confidence, FindingGrade.Informative, $"{w.Level} ({w.Confidence}{citation})"),
        };
    }

    /// <summary>The most severe grade any of the scenario's requirements would give; the severity tag when none is in the catalogue.</summary>
    private static (string Level, string Confidence, FindingGrade Grade, string Reason) Fallback(
        IReadOnlyList<string> scenarioRequirements, string scenarioSeverity, RequirementWeights weights, string? placeholderBasis)
    {
        var candidates = scenarioRequirements.Select(weights.Find).OfType<RequirementWeight>()
            .Select(w => (Weight: w, Judged: Judge(w, placeholderBasis))).ToList();
        if (candidates.Count > 0)
        {
            var best = candidates.MinBy(c => c.Judged.Grade);
            return best.Judged with { Reason = $"{best.Weight.Id}: {best.Judged.Reason}" };
        }

        string level = scenarioSeverity.ToUpperInvariant();
        FindingGrade grade = level switch
        {
            "MUST" or "SHOULD" => FindingGrade.Observation,
            _ => FindingGrade.Informative,
        };
        return (level, "unknown", grade, $"{level} by the scenario's tag, source not verified (no catalogue entry)");
    }

    [GeneratedRegex(@"^(?<id>[A-Z][A-Z0-9]*(?:-[A-Za-z0-9.()]+)+): ")]
    private static partial Regex LeadingId();
}

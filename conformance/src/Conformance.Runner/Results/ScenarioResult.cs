using System.Text.Json.Serialization;

namespace Conformance.Runner.Results;

/// <summary>The outcome of one scenario against one target (or one stored token).</summary>
public sealed record ScenarioResult
{
    public required string Id { get; init; }
    public required string Feature { get; init; }
    public required string Name { get; init; }
    public required string Location { get; init; }
    public required IReadOnlyList<string> RequirementIds { get; init; }
    public required string Severity { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public required ScenarioStatus Status { get; init; }
    /// <summary>Why the scenario did not pass (the finding, the error, the reason it was skipped); null when it passed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Message { get; init; }

    /// <summary>
    /// For a failed scenario: the most severe grade of its findings (see <see cref="FindingGrade"/>); null otherwise.
    /// Under --strict an observation is raised to a nonconformity here (its finding keeps its own grade).
    /// </summary>
    public FindingGrade? Grade { get; init; }

    /// <summary>Why the scenario has its grade, e.g. "MUST (verified, EN 319 422 §5.2)" or "SHOULD"; null when not failed.</summary>
    public string? GradeReason { get; init; }

    /// <summary>The grade the verdict uses: <see cref="Grade"/>, or nonconformity for a failed result without one (an older report.json).</summary>
    [JsonIgnore]
    public FindingGrade? EffectiveGrade => Status == ScenarioStatus.Failed ? Grade ?? FindingGrade.Nonconformity : null;

    /// <summary>The graded findings (one per finding; empty unless failed).</summary>
    public IReadOnlyList<GradedFinding> Findings { get; init; } = [];

    public double DurationMs { get; init; }
    public IReadOnlyList<StepResult> Steps { get; init; } = [];
    public IReadOnlyList<string> Evidence { get; init; } = [];
}

/// <summary>One step as Reqnroll executed it.</summary>
public sealed record StepResult(string Keyword, string Text, string Status, string? Message, double DurationMs);

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

    public double DurationMs { get; init; }
    public IReadOnlyList<StepResult> Steps { get; init; } = [];
    public IReadOnlyList<string> Evidence { get; init; } = [];
}

/// <summary>One step as Reqnroll executed it.</summary>
public sealed record StepResult(string Keyword, string Text, string Status, string? Message, double DurationMs);

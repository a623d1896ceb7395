using System.Text.Json.Serialization;

namespace Conformance.Runner.Results;

/// <summary>How a scenario ended. Serialised as passed, failed, error, skipped, not-applicable.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScenarioStatus>))]
public enum ScenarioStatus
{
    /// <summary>Every check held.</summary>
    [JsonStringEnumMemberName("passed")] Passed,

    /// <summary>A check found that the target does not meet the requirement.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The check could not be made: the target misbehaved, or a step is missing or broken.</summary>
    [JsonStringEnumMemberName("error")] Error,

    /// <summary>Not run (@ignore, or a step was pending).</summary>
    [JsonStringEnumMemberName("skipped")] Skipped,

    /// <summary>The requirement does not apply to this target or input.</summary>
    [JsonStringEnumMemberName("not-applicable")] NotApplicable,
}

public static class ScenarioStatusText
{
    public static string ToText(this ScenarioStatus status) => status switch
    {
        ScenarioStatus.Passed => "passed",
        ScenarioStatus.Failed => "failed",
        ScenarioStatus.Error => "error",
        ScenarioStatus.Skipped => "skipped",
        _ => "not-applicable",
    };
}

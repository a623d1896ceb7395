using System.Text.Json.Serialization;

namespace Conformance.Runner.Results;

/// <summary>How a scenario ended. Serialised as passed, failed, error, skipped, not-applicable, needs-evidence.</summary>
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

    /// <summary>Cannot be judged from outside with the access given (no HSM, no operator control): attested evidence is needed.</summary>
    [JsonStringEnumMemberName("needs-evidence")] NeedsEvidence,
}

public static class ScenarioStatusText
{
    public static string ToText(this ScenarioStatus status) => status switch
    {
        ScenarioStatus.Passed => "passed",
        ScenarioStatus.Failed => "failed",
        ScenarioStatus.Error => "error",
        ScenarioStatus.Skipped => "skipped",
        ScenarioStatus.NeedsEvidence => "needs-evidence",
        _ => "not-applicable",
    };
}

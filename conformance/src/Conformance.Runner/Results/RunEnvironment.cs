using System.Text.Json;

namespace Conformance.Runner.Results;

/// <summary>
/// Where and with what the run was made, captured by the runner when it writes report.json, so that a report rendered
/// on another machine shows the run's environment, not the renderer's.
/// </summary>
public sealed record RunEnvironment
{
    public required DateTimeOffset CapturedAt { get; init; }
    public required string Host { get; init; }
    public required string OperatingSystem { get; init; }
    public required string Runtime { get; init; }
    public required string ToolVersion { get; init; }

    /// <summary>Synchronisation status of this machine's clock as chrony reported it, when chronyc answered.</summary>
    public string? LocalClock { get; init; }

    public required ClockReference ClockReference { get; init; }
}

/// <summary>
/// The clock the time-accuracy checks compared genTime against, as they recorded it in evidence/time/clock-reference.json
/// ("ntp HOST:PORT", "declared", "same host clock as the TSA", "none"), or "none declared" when the run holds no such file.
/// </summary>
public sealed record ClockReference
{
    public const string NoneDeclared = "none declared";

    public required string Reference { get; init; }
    public double? UncertaintyMs { get; init; }
    public double? OffsetMs { get; init; }
    public DateTimeOffset? MeasuredAtUtc { get; init; }

    /// <summary>What the time checks recorded about the reference server (stratum, reference ID, ...), as they wrote it.</summary>
    public JsonElement? Server { get; init; }

    /// <summary>The evidence file the reference was read from (relative to the output folder); absent when none was written.</summary>
    public string? Source { get; init; }

    /// <summary>Why the recorded reference could not be used, when the file was unreadable.</summary>
    public string? Note { get; init; }
}

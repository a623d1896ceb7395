using System.Text.Json;

namespace Reports;

/// <summary>
/// report.json's environment: where the run was made (host, OS, .NET, tool version), the local clock's synchronisation
/// status, and the clock reference the time-accuracy checks used. The renderers show what the run recorded; a report
/// rendered elsewhere never shows the rendering machine's environment.
/// </summary>
public sealed record RunEnvironment
{
    public DateTimeOffset? CapturedAt { get; init; }
    public string Host { get; init; } = "";
    public string OperatingSystem { get; init; } = "";
    public string Runtime { get; init; } = "";
    public string ToolVersion { get; init; } = "";
    public string? LocalClock { get; init; }
    public ClockReference ClockReference { get; init; } = new();
}

/// <summary>The clock genTime was compared against, as the time checks recorded it (evidence/time/clock-reference.json).</summary>
public sealed record ClockReference
{
    public const string NoneDeclared = "none declared";

    public string Reference { get; init; } = NoneDeclared;
    public double? UncertaintyMs { get; init; }
    public double? OffsetMs { get; init; }
    public DateTimeOffset? MeasuredAtUtc { get; init; }
    public JsonElement? Server { get; init; }
    public string? Source { get; init; }
    public string? Note { get; init; }

    /// <summary>"± 1.2 ms", or why there is no figure.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string UncertaintyText => UncertaintyMs is { } u ? $"± {u.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} ms"
        : Reference == NoneDeclared ? "not known: no clock reference was declared" : "not stated by the reference";
}

namespace ReferenceTsa.Clock;

/// <summary>What the clock gate decided at one moment, and why; recorded with every token as its clock snapshot.</summary>
public sealed record ClockState(
    bool Open,
    string Reason,
    TimeSpan? ErrorBound,
    DateTimeOffset EvaluatedAt,
    IReadOnlyList<NtpSample> Samples,
    bool Monitored = true)
{
    /// <summary>What an operator should know although it does not close the gate (an expired leap-second list, a refused source).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static ClockState Unmonitored(DateTimeOffset now) =>
        new(true, "clock not monitored (development): genTime is not shown to be within the declared accuracy of UTC", null, now, [], Monitored: false);

    public static ClockState Starting(DateTimeOffset now) =>
        new(false, "no time source has been measured yet", null, now, []);
}

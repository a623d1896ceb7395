namespace ReferenceTsa.Clock;

/// <summary>Validated clock monitoring settings; <see cref="Monitored"/> is false only when explicitly allowed.</summary>
public sealed record ClockSettings(
    bool Monitored,
    IReadOnlyList<string> Sources,
    int MinimumSources,
    TimeSpan PollInterval,
    TimeSpan QueryTimeout,
    TimeSpan MaxSampleAge,
    TimeSpan Threshold,
    TimeSpan MaxDisagreement,
    int ReopenAfterGoodPolls)
{
    public static readonly ClockSettings Unmonitored = new(false, [], 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);

    public ClockGate CreateGate() => new(Threshold, MinimumSources, MaxSampleAge, MaxDisagreement, ReopenAfterGoodPolls);
}

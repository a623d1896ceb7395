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

    public LeapSecondPolicy LeapSecondPolicy { get; init; } = LeapSecondPolicy.None;

    /// <summary>The verified IERS list; null under policy none.</summary>
    public LeapSecondList? LeapSecondList { get; init; }

    public TimeSpan LeapSecondWindow { get; init; } = TimeSpan.FromSeconds(1);

    public IReadOnlyList<string> SmearingSources { get; init; } = [];

    public double SmearDriftPpm { get; init; } = 5;

    public TimeSpan SmearObservation { get; init; } = TimeSpan.FromMinutes(10);

    public ClockGate CreateGate(TimeProvider? clock = null) => new(Threshold, MinimumSources, MaxSampleAge, MaxDisagreement, ReopenAfterGoodPolls)
    {
        LeapSeconds = new LeapSecondGuard(LeapSecondPolicy, LeapSecondList, LeapSecondWindow),
        Smears = new SmearDetector(SmearingSources, SmearDriftPpm, SmearObservation),
        Clock = clock ?? TimeProvider.System,
    };
}

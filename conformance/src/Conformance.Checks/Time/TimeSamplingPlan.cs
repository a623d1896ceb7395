namespace Conformance.Checks.Time;

/// <summary>How many tokens the time-accuracy checks take per endpoint, over which period, and where progress goes.</summary>
public sealed record TimeSamplingPlan
{
    public const int DefaultSamples = 5;

    /// <summary>Tokens per endpoint for the distribution (--samples).</summary>
    public int Samples { get; init; } = DefaultSamples;

    /// <summary>Period the samples are spread over, evenly (--spread); zero takes them one after another.</summary>
    public TimeSpan Spread { get; init; }

    /// <summary>The IERS list consulted for TSP-TIME-004.</summary>
    public string LeapSecondListPath { get; init; } = LeapSecondList.SystemPath;

    /// <summary>Receives a line per token on a spread run (the CLI prints it).</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Planned request instants from <paramref name="start"/>: evenly over the spread, plus the burst around a leap second.</summary>
    public IReadOnlyList<(DateTimeOffset At, bool AroundLeapSecond)> Schedule(DateTimeOffset start, LeapSecondWindow leap)
    {
        int count = Math.Max(1, Samples);
        var instants = Enumerable.Range(0, count)
            .Select(i => (At: count == 1 ? start : start + (Spread * i / (count - 1)), AroundLeapSecond: false))
            .Concat(leap.BurstInstants().Select(at => (At: at, AroundLeapSecond: true)));
        return [.. instants.OrderBy(p => p.At)];
    }
}

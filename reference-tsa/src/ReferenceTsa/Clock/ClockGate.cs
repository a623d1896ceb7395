namespace ReferenceTsa.Clock;

/// <summary>
/// Decides from the latest samples whether the TSA may issue (EN 319 421 TIS-7.7.1-07, TIS-7.7.2-06: no
/// time-stamps when the clock is out of its declared accuracy or its synchronisation cannot be shown). It closes at
/// once on the first bad evaluation and reopens only after several good ones in a row, each with a bound under 80%
/// of the threshold (hysteresis), so a flapping source cannot toggle issuance. Leap-smearing sources never count
/// (<see cref="SmearDetector"/>), and the leap-second policy closes the gate around a leap second at the instant it
/// applies, whatever the poll interval (<see cref="LeapSecondGuard"/>).
/// </summary>
public sealed class ClockGate(TimeSpan threshold, int minimumSources, TimeSpan maxSampleAge, TimeSpan maxDisagreement, int reopenAfterGoodPolls)
    : IClockStateSource
{
    private readonly Lock _lock = new();
    private int _goodInARow;
    private ClockState _current = ClockState.Starting(DateTimeOffset.UtcNow);
    private bool _reportedOpen;

    /// <summary>The error bound above which issuance stops: declared accuracy minus the safety margin.</summary>
    public TimeSpan Threshold { get; } = threshold;

    /// <summary>The leap-second policy; none applies when null.</summary>
    public LeapSecondGuard? LeapSeconds { get; init; }

    /// <summary>Refuses leap-smearing sources; none are refused when null.</summary>
    public SmearDetector? Smears { get; init; }

    /// <summary>The clock the leap-second window is judged against when issuance asks.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public ClockState Current
    {
        get
        {
            ClockState state;
            lock (_lock)
            {
                state = _current;
            }

            // The leap-second window opens and closes between polls: report it when issuance first sees it.
            return Report(WithLeapSecondPolicy(state, Clock.GetUtcNow()));
        }
    }

    /// <summary>Raised when the gate opens or closes, with the new state.</summary>
    public event Action<ClockState>? Changed;

    /// <summary>Evaluates the latest sample of each source (null where the last query failed) and updates the gate.</summary>
    public ClockState Evaluate(IReadOnlyDictionary<string, (NtpSample? Sample, string? Error)> latest, DateTimeOffset now)
    {
        var usable = latest.Values
            .Select(v => v.Sample)
            .Where(s => s is not null && now - s.Taken <= maxSampleAge && s.SourceSynchronised)
            .Cast<NtpSample>()
            .ToList();
        LeapSeconds?.Observe(usable);
        var smearing = Smears?.Assess(usable, now, NearestLeapSecond(now)) ?? new Dictionary<string, string>();
        var fresh = usable.Where(s => !smearing.ContainsKey(s.Source)).ToList();
        var warnings = smearing.Select(kv => $"time source {kv.Key} refused: {kv.Value}")
            .Concat(LeapSeconds?.Warnings(now) ?? []).ToList();

        string? problem = null;
        TimeSpan? bound = null;
        if (fresh.Count < minimumSources)
        {
            var failing = latest.Where(kv => !fresh.Any(s => s.Source == kv.Key))
                .Select(kv => $"{kv.Key}: {Unusable(kv.Key, kv.Value, now, smearing)}");
            problem = $"{fresh.Count} of {latest.Count} time sources usable, {minimumSources} needed ({string.Join("; ", failing)})";
        }
        else
        {
            var spread = fresh.Max(s => s.Offset) - fresh.Min(s => s.Offset);
            bound = fresh.Max(s => s.ErrorBound);
            if (spread > maxDisagreement)
            {
                problem = $"time sources disagree by {spread.TotalMilliseconds:0.###} ms (limit {maxDisagreement.TotalMilliseconds:0.###} ms)";
            }
            else if (bound > Threshold)
            {
                problem = $"clock error bound {bound.Value.TotalMilliseconds:0.###} ms exceeds {Threshold.TotalMilliseconds:0.###} ms (declared accuracy minus safety margin)";
            }
        }

        ClockState next;
        lock (_lock)
        {
            var previous = _current;
            if (problem is not null)
            {
                _goodInARow = 0;
                next = new ClockState(false, problem, bound, now, fresh) { Warnings = warnings };
            }
            else
            {
                bool clearlyGood = bound <= Threshold * 0.8;
                _goodInARow = clearlyGood ? _goodInARow + 1 : (previous.Open ? _goodInARow : 0);
                bool open = previous.Open || _goodInARow >= reopenAfterGoodPolls;
                string reason = open
                    ? $"{fresh.Count} time sources agree; error bound {bound!.Value.TotalMilliseconds:0.###} ms within {Threshold.TotalMilliseconds:0.###} ms"
                    : $"recovering: {_goodInARow} of {reopenAfterGoodPolls} good evaluations before issuance resumes";
                next = new ClockState(open, reason, bound, now, fresh) { Warnings = warnings };
            }

            _current = next;
        }

        return Report(WithLeapSecondPolicy(next, now));
    }

    /// <summary>Raises <see cref="Changed"/> once per transition, whichever caller sees it first.</summary>
    private ClockState Report(ClockState state)
    {
        bool changed;
        lock (_lock)
        {
            changed = state.Open != _reportedOpen;
            _reportedOpen = state.Open;
        }

        if (changed)
        {
            Changed?.Invoke(state);
        }

        return state;
    }

    private static string Unusable(string source, (NtpSample? Sample, string? Error) latest, DateTimeOffset now, IReadOnlyDictionary<string, string> smearing) =>
        smearing.TryGetValue(source, out string? smear) ? smear
        : latest.Error is not null ? latest.Error
        : latest.Sample is null ? "no answer yet"
        : !latest.Sample.SourceSynchronised ? "source not synchronised"
        : "no recent answer";

    /// <summary>The known leap second nearest to <paramref name="now"/> within a day either side, for the smear heuristic.</summary>
    private DateTimeOffset? NearestLeapSecond(DateTimeOffset now) =>
        LeapSeconds?.Upcoming(now - SmearDetector.SuspicionWindow)
            .Select(l => (DateTimeOffset?)l.Instant)
            .OrderBy(instant => (instant!.Value - now).Duration())
            .FirstOrDefault();

    /// <summary>Asked even while the gate is closed, so that policy stop latches whenever the window is reached.</summary>
    private ClockState WithLeapSecondPolicy(ClockState state, DateTimeOffset now) =>
        LeapSeconds?.Refusal(now) is { } refusal && state.Open
            ? state with { Open = false, Reason = refusal, EvaluatedAt = now }
            : state;
}

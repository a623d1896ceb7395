namespace ReferenceTsa.Clock;

/// <summary>
/// Decides from the latest NTP samples whether the TSA may issue (EN 319 421 TIS-7.7.1-07, TIS-7.7.2-06: no
/// time-stamps when the clock is out of its declared accuracy or its synchronisation cannot be shown). It closes at
/// once on the first bad evaluation and reopens only after several good ones in a row, each with a bound under 80%
/// of the threshold (hysteresis), so a flapping source cannot toggle issuance.
/// </summary>
public sealed class ClockGate(TimeSpan threshold, int minimumSources, TimeSpan maxSampleAge, TimeSpan maxDisagreement, int reopenAfterGoodPolls)
    : IClockStateSource
{
    private readonly Lock _lock = new();
    private int _goodInARow;
    private ClockState _current = ClockState.Starting(DateTimeOffset.UtcNow);

    /// <summary>The error bound above which issuance stops: declared accuracy minus the safety margin.</summary>
    public TimeSpan Threshold { get; } = threshold;

    public ClockState Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Raised when the gate opens or closes, with the new state.</summary>
    public event Action<ClockState>? Changed;

    /// <summary>Evaluates the latest sample of each source (null where the last query failed) and updates the gate.</summary>
    public ClockState Evaluate(IReadOnlyDictionary<string, (NtpSample? Sample, string? Error)> latest, DateTimeOffset now)
    {
        var fresh = latest.Values
            .Select(v => v.Sample)
            .Where(s => s is not null && now - s.Taken <= maxSampleAge && s.SourceSynchronised)
            .Cast<NtpSample>()
            .ToList();

        string? problem = null;
        TimeSpan? bound = null;
        if (fresh.Count < minimumSources)
        {
            var failing = latest.Where(kv => kv.Value.Sample is null || now - kv.Value.Sample.Taken > maxSampleAge || !kv.Value.Sample.SourceSynchronised)
                .Select(kv => $"{kv.Key}: {kv.Value.Error ?? (kv.Value.Sample is { SourceSynchronised: false } ? "source not synchronised" : "no recent answer")}");
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
        ClockState previous;
        lock (_lock)
        {
            previous = _current;
            if (problem is not null)
            {
                _goodInARow = 0;
                next = new ClockState(false, problem, bound, now, fresh);
            }
            else
            {
                bool clearlyGood = bound <= Threshold * 0.8;
                _goodInARow = clearlyGood ? _goodInARow + 1 : (previous.Open ? _goodInARow : 0);
                bool open = previous.Open || _goodInARow >= reopenAfterGoodPolls;
                string reason = open
                    ? $"{fresh.Count} time sources agree; error bound {bound!.Value.TotalMilliseconds:0.###} ms within {Threshold.TotalMilliseconds:0.###} ms"
                    : $"recovering: {_goodInARow} of {reopenAfterGoodPolls} good evaluations before issuance resumes";
                next = new ClockState(open, reason, bound, now, fresh);
            }

            _current = next;
        }

        if (next.Open != previous.Open)
        {
            Changed?.Invoke(next);
        }

        return next;
    }
}

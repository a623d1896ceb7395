namespace ReferenceTsa.Clock;

/// <summary>
/// Applies the leap-second policy (EN 319 421 TIS-7.7.1: the TSA clock stays within the declared accuracy of UTC,
/// leap seconds included; TIS-7.7.2: events such as a leap second are handled and recorded). A leap second comes from
/// the IERS list or from the leap indicator of a time source (RFC 5905 §7.3: LI 1 inserts, LI 2 deletes a second in
/// the last minute of the day). A leap indicator is taken to announce the next midnight only when that midnight ends a
/// month (ITU-R TF.460: leap seconds at the end of a month, June and December first), since some servers keep LI set
/// for a whole month. Around each leap the window runs from <c>window</c> before 23:59:60 to <c>window</c> after
/// 00:00:00; the window must cover any step or slew the local clock makes at the leap.
/// </summary>
public sealed class LeapSecondGuard(LeapSecondPolicy policy, LeapSecondList? list, TimeSpan window)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<DateTimeOffset, (int Change, string Source)> _announced = [];
    private string? _stopped;

    public LeapSecondPolicy Policy { get; } = policy;

    public LeapSecondList? List { get; } = list;

    public TimeSpan Window { get; } = window;

    /// <summary>Records the leap indicators of fresh samples: LI 1 or 2 announces a leap at the end of this month's last day.</summary>
    public void Observe(IEnumerable<NtpSample> samples)
    {
        foreach (var sample in samples)
        {
            if (sample.LeapIndicator is not (1 or 2))
            {
                continue;
            }

            var midnight = new DateTimeOffset(sample.Taken.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
            if (midnight.Day != 1)
            {
                continue;
            }

            lock (_lock)
            {
                _announced.TryAdd(midnight, (sample.LeapIndicator == 1 ? 1 : -1, $"leap indicator of {sample.Source}"));
            }
        }
    }

    /// <summary>Every known leap second that ends at or after <paramref name="from"/>, with where it is known from.</summary>
    public IReadOnlyList<(DateTimeOffset Instant, int Change, string Source)> Upcoming(DateTimeOffset from)
    {
        var all = new Dictionary<DateTimeOffset, (int, string)>();
        if (List is not null)
        {
            foreach (var (instant, change) in List.LeapSeconds().Where(l => l.Instant >= from))
            {
                all[instant] = (change, Path.GetFileName(List.Path));
            }
        }

        lock (_lock)
        {
            foreach (var (instant, announced) in _announced.Where(a => a.Key >= from))
            {
                all.TryAdd(instant, announced);
            }
        }

        return [.. all.OrderBy(a => a.Key).Select(a => (a.Key, a.Value.Item1, a.Value.Item2))];
    }

    /// <summary>Why no time-stamp may be issued at <paramref name="now"/> under the policy, or null.</summary>
    public string? Refusal(DateTimeOffset now)
    {
        if (Policy == LeapSecondPolicy.None)
        {
            return null;
        }

        lock (_lock)
        {
            if (_stopped is not null)
            {
                return _stopped;
            }
        }

        foreach (var (instant, change, source) in Upcoming(now - Window))
        {
            var start = instant - TimeSpan.FromSeconds(1) - Window;
            var end = instant + Window;
            if (now < start || now > end)
            {
                continue;
            }

            string what = change > 0
                ? $"leap second {instant.AddDays(-1):yyyy-MM-dd} 23:59:60 UTC"
                : $"negative leap second (no {instant.AddDays(-1):yyyy-MM-dd} 23:59:59 UTC)";
            if (Policy == LeapSecondPolicy.Pause)
            {
                return $"{what} (from {source}): policy pause, no time-stamps from {start:HH:mm:ss.fff} to {end:HH:mm:ss.fff} UTC";
            }

            lock (_lock)
            {
                _stopped ??= $"{what} (from {source}): policy stop, issuance stopped at {now:yyyy-MM-ddTHH:mm:ss.fffZ} until an operator "
                             + "checks the clock and restarts the TSA";
                return _stopped;
            }
        }

        return null;
    }

    /// <summary>What an operator should know even while the gate is open: an expired list.</summary>
    public IEnumerable<string> Warnings(DateTimeOffset now)
    {
        if (Policy != LeapSecondPolicy.None && List is not null && List.IsExpiredAt(now))
        {
            yield return $"leap-second list {List.Path} expired on {List.Expires:yyyy-MM-dd}: a leap second announced after it is "
                         + "known only from the time sources' leap indicator; install current tzdata";
        }
    }
}

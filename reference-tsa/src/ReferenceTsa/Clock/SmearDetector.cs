namespace ReferenceTsa.Clock;

/// <summary>
/// Refuses leap-smearing time sources: around a leap second they serve a time that runs slow or fast on purpose so
/// that no 23:59:60 appears, and that time is not UTC (EN 319 421 TIS-7.7.1 requires UTC). A source is refused when
/// <list type="bullet">
/// <item>it is declared smearing (Tsa:Clock:SmearingSources: its configured address, host or reference ID);</item>
/// <item>its reference ID is 254.x.x.x, the marker ntpd puts in replies while it smears;</item>
/// <item>within <see cref="SuspicionWindow"/> of a known leap second, its offset against the median of all usable
/// sources (with three or more; with fewer, against the local clock) drifts steadily: the least-squares slope
/// over the last <c>observation</c> is at least <c>driftPpm</c> with a coefficient of determination of at least 0.8,
/// while the source announces no leap (a 24-hour linear smear of one second drifts 11.6 ppm; disciplined sources drift
/// well under 1 ppm against each other). Once detected, it stays refused until the suspicion window has passed.</item>
/// </list>
/// </summary>
public sealed class SmearDetector(IReadOnlyCollection<string> declared, double driftPpm, TimeSpan observation)
{
    /// <summary>Published smears span 24 hours around the leap second (noon to noon UTC).</summary>
    public static readonly TimeSpan SuspicionWindow = TimeSpan.FromHours(24);

    private const double MinimumDetermination = 0.8;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<(DateTimeOffset At, double Seconds)>> _history = [];
    private readonly Dictionary<string, (string Reason, DateTimeOffset Until)> _detected = [];

    public double DriftPpm { get; } = driftPpm;

    public TimeSpan Observation { get; } = observation;

    /// <summary>The refused sources among <paramref name="fresh"/>, each with its reason.</summary>
    public IReadOnlyDictionary<string, string> Assess(IReadOnlyList<NtpSample> fresh, DateTimeOffset now, DateTimeOffset? nearestLeap)
    {
        var refused = new Dictionary<string, string>();
        foreach (var sample in fresh)
        {
            if (IsDeclared(sample))
            {
                refused[sample.Source] = $"declared leap-smearing (Tsa:Clock:SmearingSources; reference ID {sample.ReferenceId}): not UTC around leap seconds";
            }
            else if (sample.ReferenceId.StartsWith("254.", StringComparison.Ordinal))
            {
                refused[sample.Source] = $"reference ID {sample.ReferenceId} is ntpd's leap-smear marker: not UTC while it smears";
            }
        }

        bool suspicious = nearestLeap is { } leap && (now - leap).Duration() <= SuspicionWindow;
        lock (_lock)
        {
            foreach (var expired in _detected.Where(d => d.Value.Until < now).Select(d => d.Key).ToList())
            {
                _detected.Remove(expired);
            }

            if (!suspicious)
            {
                _history.Clear();
            }
            else
            {
                foreach (var sample in fresh)
                {
                    var all = fresh.Where(s => !refused.ContainsKey(s.Source)).Select(s => s.Offset.TotalSeconds).Order().ToList();
                    bool againstSources = all.Count >= 3;
                    double reference = againstSources ? Median(all) : 0;
                    var points = _history.TryGetValue(sample.Source, out var list) ? list : _history[sample.Source] = [];
                    if (points.Count == 0 || points[^1].At < sample.Taken)
                    {
                        points.Add((sample.Taken, sample.Offset.TotalSeconds - reference));
                    }

                    points.RemoveAll(p => now - p.At > Observation);
                    if (sample.LeapIndicator is 0 && points.Count >= 10 && points[^1].At - points[0].At >= Observation / 2
                        && Trend(points) is var (slope, determination)
                        && Math.Abs(slope) * 1e6 >= DriftPpm && determination >= MinimumDetermination)
                    {
                        _detected[sample.Source] = (
                            $"leap smear suspected: its offset drifts {slope * 1e6:+0.0;-0.0} ppm against "
                            + (againstSources ? "the median of the sources" : "the local clock")
                            + $" within {SuspicionWindow.TotalHours:0} h of the leap second at {nearestLeap:yyyy-MM-ddTHH:mm:ssZ}, and it announces no leap",
                            nearestLeap!.Value + SuspicionWindow);
                    }
                }
            }

            foreach (var (source, (reason, _)) in _detected)
            {
                if (fresh.Any(s => s.Source == source))
                {
                    refused.TryAdd(source, reason);
                }
            }
        }

        return refused;
    }

    private bool IsDeclared(NtpSample sample)
    {
        string host = sample.Source.Contains(':') && !sample.Source.StartsWith('[') && sample.Source.Count(c => c == ':') == 1
            ? sample.Source[..sample.Source.IndexOf(':')]
            : sample.Source;
        return declared.Any(d => string.Equals(d, sample.Source, StringComparison.OrdinalIgnoreCase)
                                 || string.Equals(d, host, StringComparison.OrdinalIgnoreCase)
                                 || string.Equals(d, sample.ReferenceId, StringComparison.OrdinalIgnoreCase));
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>Least-squares slope (seconds per second) and R² of offset against time.</summary>
    private static (double Slope, double Determination) Trend(List<(DateTimeOffset At, double Seconds)> points)
    {
        var t0 = points[0].At;
        double n = points.Count;
        double meanX = points.Average(p => (p.At - t0).TotalSeconds);
        double meanY = points.Average(p => p.Seconds);
        double sxy = 0, sxx = 0, syy = 0;
        foreach (var (at, y) in points)
        {
            double dx = (at - t0).TotalSeconds - meanX;
            double dy = y - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        if (sxx == 0 || syy == 0 || n < 2)
        {
            return (0, 0);
        }

        return (sxy / sxx, sxy * sxy / (sxx * syy));
    }
}

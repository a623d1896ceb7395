using System.Globalization;

namespace Reports;

/// <summary>
/// The time axis of the time-accuracy chart: the local midpoints of the exchanges from first to last, with at most six
/// ticks on a round step (milliseconds for a burst of samples, minutes or hours for samples spread over a day), labelled
/// in UTC to the precision the step needs.
/// </summary>
internal sealed record TimeAxis(DateTimeOffset Start, DateTimeOffset End, double Left, double Width, IReadOnlyList<(DateTimeOffset At, string Label)> Ticks, string Title)
{
    private const int MaxTicks = 6;

    private static readonly double[] StepsSeconds =
        [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

    public static TimeAxis For(IReadOnlyList<TimeSample> samples, double left, double width)
    {
        DateTimeOffset first = samples.Min(t => t.LocalMidpoint), last = samples.Max(t => t.LocalMidpoint);
        double span = (last - first).TotalSeconds;
        // Pad the ends so the first and last whisker stay off the axes; a single instant gets a small window around it.
        double pad = span > 0 ? span * 0.04 : 0.05;
        DateTimeOffset start = first.AddSeconds(-pad), end = last.AddSeconds(pad);
        double total = (end - start).TotalSeconds;
        double step = StepsSeconds.FirstOrDefault(x => total / x <= MaxTicks, 86400 * Math.Ceiling(total / 86400 / MaxTicks));
        string format = step switch
        {
            < 0.01 => "HH:mm:ss.fff",
            < 0.1 => "HH:mm:ss.ff",
            < 1 => "HH:mm:ss.f",
            < 60 => "HH:mm:ss",
            _ => "HH:mm",
        };

        bool days = start.UtcDateTime.Date != end.UtcDateTime.Date;
        var ticks = new List<(DateTimeOffset, string)>();
        long stepTicks = (long)Math.Round(step * TimeSpan.TicksPerSecond);
        for (long t = (start.UtcTicks + stepTicks - 1) / stepTicks * stepTicks; t <= end.UtcTicks; t += stepTicks)
        {
            var at = new DateTimeOffset(t, TimeSpan.Zero);
            ticks.Add((at, at.UtcDateTime.ToString(days ? "MM-dd " + format : format, CultureInfo.InvariantCulture)));
        }

        string title = days
            ? $"local time of the exchange (UTC), {first.UtcDateTime:yyyy-MM-dd HH:mm} to {last.UtcDateTime:yyyy-MM-dd HH:mm}"
            : $"local time of the exchange (UTC), {first.UtcDateTime:yyyy-MM-dd}";
        return new TimeAxis(start, end, left, width, ticks, title);
    }

    public double At(DateTimeOffset t) => Left + (t - Start).TotalSeconds / (End - Start).TotalSeconds * Width;
}

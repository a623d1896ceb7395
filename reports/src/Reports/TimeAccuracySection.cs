using System.Globalization;
using System.Text;
using static Reports.HtmlReportWriter;

namespace Reports;

/// <summary>
/// The report's time-accuracy section: what is plotted and from where, the chart (<see cref="TimeAccuracyChart"/>) and
/// one table row per token with its endpoint, offset, uncertainty, declared accuracy and, with ε, the time checks' judgement.
/// </summary>
internal static class TimeAccuracySection
{
    public static void Render(StringBuilder h, Assessment a)
    {
        bool epsilon = a.TimeSamples.Any(s => s.EpsilonMs is not null);
        int endpoints = TimeAccuracyChart.Series(a.TimeSamples).Count;
        h.Append("<section id=\"time-accuracy\">\n<h2>Time accuracy</h2>\n");
        if (a.TimeSamples.Count == 0)
        {
            h.Append($"<p class=\"note\">No time sample: {E(a.TimeSamplesSource)} hold no token together with the exchange that produced it (stored tokens carry no local time to compare genTime with).</p>\n");
            h.Append(TimeAccuracyChart.Svg(a.TimeSamples, a.MaxAccuracySeconds)).Append("</section>\n");
            return;
        }

        h.Append($"<p>genTime minus the local midpoint of each exchange (ms), from {E(a.TimeSamplesSource)}, against the local time of the exchange; one series per endpoint ({endpoints}). ");
        h.Append($"Whiskers: half the round trip{(epsilon ? " plus ε, the local clock's uncertainty the time checks recorded" : "")}. The vertical scale follows the points, not the band. Band: the declared accuracy");
        h.Append(a.MaxAccuracySeconds is { } m ? $" (profile limit {m.ToString(CultureInfo.InvariantCulture)} s)" : "");
        double maxEpsilon = a.TimeSamples.Select(s => s.EpsilonMs ?? 0).DefaultIfEmpty(0).Max();
        h.Append(!epsilon ? "" : maxEpsilon > 0 ? "; outer band: accuracy + ε" : "; ε is 0, so this band is also the bound the checks judge against");
        if (a.Environment?.ClockReference is { } c)
        {
            h.Append($". Clock reference: {E(c.Reference)}, uncertainty {E(c.UncertaintyText)}");
        }

        h.Append(". genTime is often truncated to whole seconds, which alone can put a point up to 1 s below zero.</p>\n");
        h.Append(TimeAccuracyChart.Svg(a.TimeSamples, a.MaxAccuracySeconds));
        Table(h, a.TimeSamples, epsilon);

        h.Append("</section>\n");
    }

    private static void Table(StringBuilder h, IReadOnlyList<TimeSample> samples, bool epsilon)
    {
        // One day for every sample: the date goes into the header, the cells keep the time only.
        var days = samples.SelectMany(s => new[] { s.GenTime, s.LocalMidpoint }).Select(t => t.UtcDateTime.Date).Distinct().ToList();
        string? day = days.Count == 1 ? days[0].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        string When(DateTimeOffset t) => day is null ? Utc(t, true) : Utc(t, true)[11..];
        h.Append($"<table class=\"samples\">\n<caption>Times in UTC{(day is null ? "" : $" on {day}")}; ± is half the round trip{(epsilon ? " plus ε" : "")}; accuracy as the token declares it.</caption>\n");
        h.Append("<thead><tr><th>Endpoint</th><th>Token</th><th>genTime</th><th>Local midpoint</th><th>Offset ms</th><th>± ms</th><th>Accuracy ms</th>");
        h.Append($"{(epsilon ? "<th>Within accuracy + ε</th>" : "")}</tr></thead>\n<tbody>\n");
        foreach (TimeSample s in samples)
        {
            h.Append($"<tr><td>{E(s.Endpoint ?? "not recorded")}</td><td class=\"token\">{E(s.Token)}</td><td>{When(s.GenTime)}</td><td>{When(s.LocalMidpoint)}</td>");
            h.Append($"<td>{N(s.OffsetMs)}</td><td>{N(s.LocalUncertaintyMs)}</td><td>{(s.AccuracyMs is { } x ? N(x) : "absent")}</td>");
            if (epsilon)
            {
                h.Append($"<td class=\"{(s.WithinAccuracy == false ? "failed" : "passed")}\">{(s.WithinAccuracy is { } w ? (w ? "yes" : "NO") : "no accuracy declared")}</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</tbody>\n</table>\n");
    }
}

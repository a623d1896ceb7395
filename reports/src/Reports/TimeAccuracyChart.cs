using System.Globalization;
using System.Text;

namespace Reports;

/// <summary>
/// The time-accuracy chart as inline SVG: offset (genTime minus local midpoint) against the local time of each exchange,
/// one series per endpoint (own colour and marker shape, so the series stay apart in greyscale print), each point with
/// its uncertainty whisker (± half the round trip, plus ε when the time checks recorded it).
/// The y axis scales to the points and their whiskers (and zero), not to the accuracy band: a band of ±1 s would
/// otherwise flatten offsets of a few milliseconds onto the zero line. The band (declared accuracy, else the profile's
/// limit) and, with ε, the wider band accuracy + ε are drawn where they fall inside the axis; an edge only a little
/// beyond the data widens the axis to show it, one far beyond is marked at the edge of the chart instead.
/// Every token is a <c>circle.sample</c> (tests count them); a point outside its bound is red with a ring.
/// </summary>
public static class TimeAccuracyChart
{
    private const int Width = 720, Left = 64, Right = 18, Top = 28, PlotHeight = 200, AxisBelow = 44, LegendRow = 16;
    private const double PlotWidth = Width - Left - Right;
    private const string Outside = "#b3261e";

    /// <summary>An edge of a band this close beyond the data (as a share of the data's span) widens the axis to show it.</summary>
    private const double NearBandShare = 0.25;

    private static readonly string[] Colours = ["#1a4fa0", "#b85c00", "#6b3fa0", "#00707a", "#5a5a5a"];

    public static string Svg(IReadOnlyList<TimeSample> samples, decimal? profileLimitSeconds)
    {
        var s = new StringBuilder();
        if (samples.Count == 0)
        {
            Open(s, 80);
            s.Append($"<text x=\"{Width / 2}\" y=\"44\" text-anchor=\"middle\" font-size=\"14\">No token with an HTTP transcript in this run's evidence: nothing to plot.</text>\n</svg>\n");
            return s.ToString();
        }

        var series = Series(samples);
        double band = samples.Select(x => x.AccuracyMs).OfType<double>().DefaultIfEmpty(profileLimitSeconds is { } p ? (double)p * 1000 : 1000).Min();
        double? epsilon = samples.Select(x => x.EpsilonMs).OfType<double>().Cast<double?>().Max();
        double outer = band + (epsilon ?? 0);
        Axis y = Axis.ForOffsets(samples, epsilon is null ? [band] : [band, outer]);
        TimeAxis x = TimeAxis.For(samples, Left, PlotWidth);
        int legendRows = series.Count + 1;
        Open(s, Top + PlotHeight + AxisBelow + legendRows * LegendRow + 6);
        s.Append($"<g class=\"plot\" data-y-min=\"{F(y.Min)}\" data-y-max=\"{F(y.Max)}\" data-data-min=\"{F(y.DataMin)}\" data-data-max=\"{F(y.DataMax)}\">\n");
        if (epsilon is { } eps and > 0)
        {
            Band(s, y, "band-epsilon", outer, "#f1f8f2", "#7fb58c", "2 3", $"accuracy + ε: ±{F(outer)} ms (ε up to {F(eps)} ms)", noteLine: 1);
        }

        Band(s, y, "band", band, "#d8f0dc", "#1b7a35", "4 3", $"accuracy ±{F(band)} ms", noteLine: 0);
        YAxis(s, y);
        XAxis(s, x);
        for (int k = 0; k < series.Count; k++)
        {
            foreach (TimeSample t in series[k].Samples)
            {
                bool outside = t.WithinAccuracy == false || (t.WithinBound is null && Math.Abs(t.OffsetMs) > band + t.LocalUncertaintyMs);
                Point(s, k, x.At(t.LocalMidpoint), y, t, outside);
            }
        }

        s.Append("</g>\n");
        Legend(s, series, Top + PlotHeight + AxisBelow);
        s.Append("</svg>\n");
        return s.ToString();
    }

    /// <summary>The samples grouped by endpoint, in order of each endpoint's first sample.</summary>
    public static IReadOnlyList<(string Endpoint, IReadOnlyList<TimeSample> Samples)> Series(IReadOnlyList<TimeSample> samples) =>
        samples.GroupBy(t => t.Endpoint ?? "endpoint not recorded", StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<TimeSample>)g.ToList()))
            .ToList();

    private static void Open(StringBuilder s, int height)
    {
        s.Append($"<svg id=\"time-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"genTime minus local midpoint, per endpoint, against the time of the exchange\">\n");
        s.Append($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{height}\" fill=\"#fff\"/>\n");
    }

    /// <summary>
    /// ±<paramref name="half"/> as a shaded band clipped to the axis. An edge inside the axis is a dashed line with the
    /// label; an edge beyond it is a note (above the plot on line <paramref name="noteLine"/>, or at the bottom of the plot).
    /// </summary>
    private static void Band(StringBuilder s, Axis y, string cls, double half, string fill, string stroke, string dash, string label, int noteLine)
    {
        double top = y.Y(Math.Min(half, y.Max)), bottom = y.Y(Math.Max(-half, y.Min));
        if (bottom > top)
        {
            s.Append($"<rect class=\"{cls}\" x=\"{Left}\" y=\"{F(top)}\" width=\"{F(PlotWidth)}\" height=\"{F(bottom - top)}\" fill=\"{fill}\"/>\n");
        }

        bool above = half <= y.Max, below = -half >= y.Min;
        string x = noteLine == 0 ? $"x=\"{Left + 4}\"" : $"x=\"{Width - Right - 4}\" text-anchor=\"end\"";
        foreach (double edge in new[] { half, -half }.Where(e => e <= y.Max && e >= y.Min))
        {
            s.Append($"<line class=\"{cls}-edge\" x1=\"{Left}\" y1=\"{F(y.Y(edge))}\" x2=\"{Width - Right}\" y2=\"{F(y.Y(edge))}\" stroke=\"{stroke}\" stroke-dasharray=\"{dash}\"/>\n");
        }

        if (above)
        {
            s.Append($"<text class=\"{cls}-label\" {x} y=\"{F(y.Y(half) + 11)}\" font-size=\"9.5\" fill=\"#1b7a35\">{label}</text>\n");
        }
        else
        {
            s.Append($"<text class=\"{cls}-beyond\" x=\"{Left + 4}\" y=\"{10 + noteLine * 11}\" font-size=\"9.5\" fill=\"#1b7a35\">▲ {label}: the band extends beyond the chart {(below ? "above" : "above and below")}</text>\n");
        }

        if (!below && above)
        {
            s.Append($"<text class=\"{cls}-beyond\" {x} y=\"{F(y.Y(y.Min) - 4)}\" font-size=\"9.5\" fill=\"#1b7a35\">▼ −{F(half)} ms: beyond the chart</text>\n");
        }
    }

    private static void YAxis(StringBuilder s, Axis y)
    {
        s.Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + PlotHeight}\" stroke=\"#333\"/>\n");
        foreach (double tick in y.Ticks)
        {
            double at = y.Y(tick);
            s.Append($"<line x1=\"{Left - 3}\" y1=\"{F(at)}\" x2=\"{Left}\" y2=\"{F(at)}\" stroke=\"#333\"/>");
            s.Append($"<line x1=\"{Left}\" y1=\"{F(at)}\" x2=\"{Width - Right}\" y2=\"{F(at)}\" stroke=\"#e4e4ec\" stroke-width=\"0.6\"/>");
            s.Append($"<text class=\"y-tick\" data-value=\"{F(tick)}\" x=\"{Left - 5}\" y=\"{F(at + 3)}\" font-size=\"9\" text-anchor=\"end\">{F(tick)}</text>\n");
        }

        if (y.Min <= 0 && y.Max >= 0)
        {
            s.Append($"<line class=\"zero\" x1=\"{Left}\" y1=\"{F(y.Y(0))}\" x2=\"{Width - Right}\" y2=\"{F(y.Y(0))}\" stroke=\"#333\"/>\n");
        }

        s.Append($"<text x=\"14\" y=\"{Top + PlotHeight / 2}\" font-size=\"10\" transform=\"rotate(-90 14 {Top + PlotHeight / 2})\" text-anchor=\"middle\">offset (ms)</text>\n");
    }

    private static void XAxis(StringBuilder s, TimeAxis x)
    {
        int axisY = Top + PlotHeight;
        s.Append($"<line x1=\"{Left}\" y1=\"{axisY}\" x2=\"{Width - Right}\" y2=\"{axisY}\" stroke=\"#333\"/>\n");
        foreach ((DateTimeOffset tick, string label) in x.Ticks)
        {
            double at = x.At(tick);
            s.Append($"<line x1=\"{F(at)}\" y1=\"{axisY}\" x2=\"{F(at)}\" y2=\"{axisY + 4}\" stroke=\"#333\"/>");
            s.Append($"<text class=\"x-tick\" x=\"{F(at)}\" y=\"{axisY + 15}\" font-size=\"9\" text-anchor=\"middle\">{label}</text>\n");
        }

        s.Append($"<text x=\"{F(Left + PlotWidth / 2)}\" y=\"{axisY + 32}\" font-size=\"10\" text-anchor=\"middle\">{HtmlReportWriter.E(x.Title)}</text>\n");
    }

    private static void Point(StringBuilder s, int series, double cx, Axis y, TimeSample t, bool outside)
    {
        string colour = outside ? Outside : Colours[series % Colours.Length];
        double u = t.LocalUncertaintyMs, cy = y.Y(t.OffsetMs), hi = y.Y(t.OffsetMs + u), lo = y.Y(t.OffsetMs - u);
        string dash = series % 2 == 1 ? " stroke-dasharray=\"3 2\"" : "";
        s.Append($"<g class=\"token\" data-series=\"{series}\">");
        s.Append($"<line x1=\"{F(cx)}\" y1=\"{F(hi)}\" x2=\"{F(cx)}\" y2=\"{F(lo)}\" stroke=\"{colour}\"{dash}/>");
        s.Append($"<line x1=\"{F(cx - 3)}\" y1=\"{F(hi)}\" x2=\"{F(cx + 3)}\" y2=\"{F(hi)}\" stroke=\"{colour}\"/><line x1=\"{F(cx - 3)}\" y1=\"{F(lo)}\" x2=\"{F(cx + 3)}\" y2=\"{F(lo)}\" stroke=\"{colour}\"/>");
        Marker(s, series, cx, cy, colour, $"{HtmlReportWriter.E(t.Token)}: {F(t.OffsetMs)} ms ± {F(u)}{(t.EpsilonMs is null ? " (half RTT)" : " (half RTT + ε)")}");
        if (outside)
        {
            s.Append($"<circle class=\"outside\" cx=\"{F(cx)}\" cy=\"{F(cy)}\" r=\"7\" fill=\"none\" stroke=\"{Outside}\" stroke-width=\"1.2\"/>");
        }

        s.Append("</g>\n");
    }

    /// <summary>The series' marker around the token's <c>circle.sample</c>: filled circle, open circle, circle in a square, circle in a diamond, circle in a triangle.</summary>
    private static void Marker(StringBuilder s, int series, double cx, double cy, string colour, string title)
    {
        int shape = series % 5;
        string frame = shape switch
        {
            2 => $"<rect x=\"{F(cx - 5)}\" y=\"{F(cy - 5)}\" width=\"10\" height=\"10\" fill=\"#fff\" stroke=\"{colour}\" stroke-width=\"1.3\"/>",
            3 => $"<path d=\"M{F(cx)} {F(cy - 6.5)}L{F(cx + 6.5)} {F(cy)}L{F(cx)} {F(cy + 6.5)}L{F(cx - 6.5)} {F(cy)}Z\" fill=\"#fff\" stroke=\"{colour}\" stroke-width=\"1.3\"/>",
            4 => $"<path d=\"M{F(cx)} {F(cy - 6.5)}L{F(cx + 6)} {F(cy + 4.5)}L{F(cx - 6)} {F(cy + 4.5)}Z\" fill=\"#fff\" stroke=\"{colour}\" stroke-width=\"1.3\"/>",
            _ => "",
        };
        s.Append(frame);
        s.Append(shape == 1
            ? $"<circle class=\"sample\" cx=\"{F(cx)}\" cy=\"{F(cy)}\" r=\"3.5\" fill=\"#fff\" stroke=\"{colour}\" stroke-width=\"1.6\"><title>{title}</title></circle>"
            : $"<circle class=\"sample\" cx=\"{F(cx)}\" cy=\"{F(cy)}\" r=\"{(shape == 0 ? "3.5" : "2")}\" fill=\"{colour}\"><title>{title}</title></circle>");
    }

    private static void Legend(StringBuilder s, IReadOnlyList<(string Endpoint, IReadOnlyList<TimeSample> Samples)> series, int top)
    {
        s.Append("<g class=\"legend\">\n");
        for (int k = 0; k < series.Count; k++)
        {
            double cy = top + k * LegendRow + 8;
            string colour = Colours[k % Colours.Length];
            s.Append($"<g class=\"legend-series\" data-series=\"{k}\">");
            s.Append($"<line x1=\"{Left + 2}\" y1=\"{F(cy)}\" x2=\"{Left + 22}\" y2=\"{F(cy)}\" stroke=\"{colour}\"{(k % 2 == 1 ? " stroke-dasharray=\"3 2\"" : "")}/>");
            var probe = new StringBuilder();
            Marker(probe, k, Left + 12, cy, colour, "");
            s.Append(probe.ToString().Replace("class=\"sample\" ", "", StringComparison.Ordinal).Replace("<title></title>", "", StringComparison.Ordinal));
            int n = series[k].Samples.Count;
            s.Append($"<text x=\"{Left + 30}\" y=\"{F(cy + 3.5)}\" font-size=\"10\">{HtmlReportWriter.E(series[k].Endpoint)}: {n} token{(n == 1 ? "" : "s")}</text></g>\n");
        }

        double last = top + series.Count * LegendRow + 8;
        s.Append($"<circle cx=\"{Left + 12}\" cy=\"{F(last)}\" r=\"3.5\" fill=\"{Outside}\"/><circle cx=\"{Left + 12}\" cy=\"{F(last)}\" r=\"7\" fill=\"none\" stroke=\"{Outside}\" stroke-width=\"1.2\"/>");
        s.Append($"<text x=\"{Left + 30}\" y=\"{F(last + 3.5)}\" font-size=\"10\">outside its bound (offset beyond accuracy + its uncertainty); whiskers: ± the point's uncertainty</text>\n</g>\n");
    }

    internal static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The offset axis: the data (points ± whiskers, and zero) plus a margin, widened only for a band edge just beyond it, on round ticks.</summary>
    private sealed record Axis(double Min, double Max, double Step, double DataMin, double DataMax)
    {
        public static Axis ForOffsets(IReadOnlyList<TimeSample> samples, IReadOnlyList<double> bands)
        {
            double dataMin = Math.Min(0, samples.Min(t => t.OffsetMs - t.LocalUncertaintyMs));
            double dataMax = Math.Max(0, samples.Max(t => t.OffsetMs + t.LocalUncertaintyMs));
            double span = Math.Max(dataMax - dataMin, 1);
            double lo = dataMin - span * 0.08, hi = dataMax + span * 0.08;
            foreach (double b in bands)
            {
                if (b > hi && b - hi <= span * NearBandShare) hi = b + span * 0.04;
                if (-b < lo && lo - -b <= span * NearBandShare) lo = -b - span * 0.04;
            }

            double step = NiceStep((hi - lo) / 5);
            return new Axis(Math.Floor(lo / step) * step, Math.Ceiling(hi / step) * step, step, dataMin, dataMax);
        }

        public IEnumerable<double> Ticks
        {
            get
            {
                for (double v = Min; v <= Max + Step / 1000; v += Step)
                {
                    yield return Math.Round(v / Step) * Step;
                }
            }
        }

        public double Y(double ms) => Top + (Max - ms) / (Max - Min) * PlotHeight;
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="rough"/>.</summary>
    internal static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * power).First(v => v >= rough * 0.999);
    }
}

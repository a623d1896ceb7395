using System.Globalization;
using System.Text;

namespace Reports;

/// <summary>The time-accuracy chart as inline SVG: one point per token (genTime minus local midpoint) with its local
/// uncertainty bar (± half the round trip, plus ε when the time checks recorded it), zero line, the accuracy band (the
/// tokens' declared accuracy, else the profile's limit) and, when ε is recorded, the wider band accuracy + ε that the
/// checks judge against.</summary>
public static class TimeAccuracyChart
{
    private const int Width = 720, Height = 260, Left = 60, Right = 20, Top = 20, Bottom = 40;

    public static string Svg(IReadOnlyList<TimeSample> samples, decimal? profileLimitSeconds)
    {
        var s = new StringBuilder();
        s.Append($"<svg id=\"time-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"genTime minus local midpoint\">\n");
        s.Append($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#fff\"/>\n");
        if (samples.Count == 0)
        {
            s.Append($"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" font-size=\"14\">No token with an HTTP transcript in this run's evidence: nothing to plot.</text>\n</svg>\n");
            return s.ToString();
        }

        double band = samples.Select(x => x.AccuracyMs).OfType<double>().DefaultIfEmpty(profileLimitSeconds is { } p ? (double)p * 1000 : 1000).Min();
        double? epsilon = samples.Select(x => x.EpsilonMs).OfType<double>().Cast<double?>().Max();
        double outer = band + (epsilon ?? 0);
        double extent = Math.Max(outer, samples.Max(x => Math.Abs(x.OffsetMs) + x.LocalUncertaintyMs)) * 1.15;
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double Y(double ms) => Top + plotH / 2 - ms / extent * (plotH / 2);
        double X(int i) => Left + 12 + (samples.Count == 1 ? (plotW - 24) / 2 : i * (plotW - 24) / (samples.Count - 1));

        if (epsilon is { } eps)
        {
            s.Append($"<rect class=\"band-epsilon\" x=\"{Left}\" y=\"{F(Y(outer))}\" width=\"{F(plotW)}\" height=\"{F(Y(-outer) - Y(outer))}\" fill=\"#f1f8f2\" stroke=\"#7fb58c\" stroke-dasharray=\"2 3\"/>\n");
            s.Append($"<text x=\"{Width - Right - 4}\" y=\"{F(Y(outer) + 12)}\" font-size=\"10\" fill=\"#1b7a35\" text-anchor=\"end\">accuracy + ε: ±{F(outer)} ms (ε up to {F(eps)} ms)</text>\n");
        }

        s.Append($"<rect class=\"band\" x=\"{Left}\" y=\"{F(Y(band))}\" width=\"{F(plotW)}\" height=\"{F(Y(-band) - Y(band))}\" fill=\"#d8f0dc\" stroke=\"#1b7a35\" stroke-dasharray=\"4 3\"/>\n");
        s.Append($"<text x=\"{Left + 4}\" y=\"{F(Y(band) + 12)}\" font-size=\"10\" fill=\"#1b7a35\">accuracy ±{F(band)} ms</text>\n");
        s.Append($"<line x1=\"{Left}\" y1=\"{F(Y(0))}\" x2=\"{Width - Right}\" y2=\"{F(Y(0))}\" stroke=\"#333\"/>\n");
        s.Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>\n");
        foreach (double tick in new[] { extent, extent / 2, 0, -extent / 2, -extent })
        {
            s.Append($"<text x=\"{Left - 4}\" y=\"{F(Y(tick) + 3)}\" font-size=\"9\" text-anchor=\"end\">{F(tick)}</text>\n");
        }

        s.Append($"<text x=\"12\" y=\"{Top + plotH / 2}\" font-size=\"10\" transform=\"rotate(-90 12 {Top + plotH / 2})\" text-anchor=\"middle\">offset (ms)</text>\n");
        s.Append($"<text x=\"{Left + plotW / 2}\" y=\"{Height - 8}\" font-size=\"10\" text-anchor=\"middle\">tokens in order of request ({samples.Count})</text>\n");
        for (int i = 0; i < samples.Count; i++)
        {
            TimeSample t = samples[i];
            double u = t.LocalUncertaintyMs;
            string colour = t.WithinAccuracy == false || (t.WithinBound is null && Math.Abs(t.OffsetMs) > band + u) ? "#b3261e" : "#1a4fa0";
            s.Append($"<line x1=\"{F(X(i))}\" y1=\"{F(Y(t.OffsetMs + u))}\" x2=\"{F(X(i))}\" y2=\"{F(Y(t.OffsetMs - u))}\" stroke=\"{colour}\"/>\n");
            s.Append($"<circle class=\"sample\" cx=\"{F(X(i))}\" cy=\"{F(Y(t.OffsetMs))}\" r=\"3.5\" fill=\"{colour}\"><title>{HtmlReportWriter.E(t.Token)}: {F(t.OffsetMs)} ms ± {F(u)}{(t.EpsilonMs is null ? " (half RTT)" : " (half RTT + ε)")}</title></circle>\n");
        }

        s.Append("</svg>\n");
        return s.ToString();
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}

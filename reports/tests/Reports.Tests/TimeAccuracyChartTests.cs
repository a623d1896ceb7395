using System.Globalization;
using System.Xml.Linq;

namespace Reports.Tests;

/// <summary>
/// The time-accuracy chart, read back from its SVG: the offset axis scales to the points and their whiskers (the band
/// is marked, not allowed to set the scale), one series per endpoint with its own legend entry and marker, time on the
/// x axis.
/// </summary>
public sealed class TimeAccuracyChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 15, 31, 0, TimeSpan.Zero);

    [Fact]
    public void Offsets_of_tens_of_milliseconds_fill_the_chart_and_a_one_second_band_is_marked_beyond_it()
    {
        // The case that flattened every point onto the zero line: offsets of -5..-55 ms under a ±1000 ms band.
        double[] offsets = [-5, -12, -31, -55, -20, -8];
        var samples = offsets.Select((o, i) => Sample(i % 2 == 0 ? "tsa" : "qtsa", i * 150, o, halfRtt: 4, accuracy: 1000)).ToList();
        Chart chart = Chart.Of(samples);

        Assert.True(chart.YMax < 200 && chart.YMin > -200, $"axis {chart.YMin}..{chart.YMax} ms follows the band, not the data");
        Assert.True(chart.YMin <= -59 && chart.YMax >= 0, $"axis {chart.YMin}..{chart.YMax} ms cuts off a whisker or zero");
        double spread = chart.Points.Max(p => p.Cy) - chart.Points.Min(p => p.Cy);
        Assert.True(spread > 0.4 * chart.PlotHeight, $"the points use {spread:0} of {chart.PlotHeight:0} px of height");
        Assert.Contains(chart.Texts("band-beyond"), t => t.Contains("accuracy ±1000 ms", StringComparison.Ordinal) && t.Contains("beyond the chart above and below", StringComparison.Ordinal));
        Assert.DoesNotContain(chart.Root.Descendants(Svg + "line"), l => (string?)l.Attribute("class") == "band-edge");
    }

    [Fact]
    public void A_band_edge_just_beyond_the_data_widens_the_axis_to_show_it_and_points_beyond_it_are_flagged()
    {
        var samples = new List<TimeSample>
        {
            Sample("tsa", 0, 700, halfRtt: 20, accuracy: 1000),
            Sample("tsa", 500, 880, halfRtt: 20, accuracy: 1000),
            Sample("tsa", 1000, 1150, halfRtt: 20, accuracy: 1000),
        };
        Chart chart = Chart.Of(samples);

        Assert.True(chart.YMax >= 1170, "the highest whisker is inside the axis");
        var edges = chart.Root.Descendants(Svg + "line").Where(l => (string?)l.Attribute("class") == "band-edge").ToList();
        var edge = Assert.Single(edges);
        Assert.Equal(chart.YOf(1000), double.Parse((string)edge.Attribute("y1")!, CultureInfo.InvariantCulture), 1);
        Assert.Contains(chart.Texts("band-beyond"), t => t.Contains("−1000 ms: beyond the chart", StringComparison.Ordinal));
        Assert.Single(chart.Root.Descendants(Svg + "circle"), c => (string?)c.Attribute("class") == "outside");
    }

    [Fact]
    public void Each_endpoint_is_its_own_series_with_a_legend_entry_and_a_marker_of_its_own()
    {
        string[] endpoints = ["tsa", "qtsa", "https://tsa.example/btsp"];
        var samples = Enumerable.Range(0, 9).Select(i => Sample(endpoints[i % 3], i * 400, -10 - i, halfRtt: 6, accuracy: 500)).ToList();
        Chart chart = Chart.Of(samples);

        Assert.Equal(9, chart.Points.Count);
        var legend = chart.Root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "legend-series").ToList();
        Assert.Equal(3, legend.Count);
        Assert.Equal(["tsa: 3 tokens", "qtsa: 3 tokens", "https://tsa.example/btsp: 3 tokens"], legend.Select(g => g.Element(Svg + "text")!.Value));
        var bySeries = chart.Points.GroupBy(p => p.Series).ToList();
        Assert.Equal(3, bySeries.Count);
        Assert.All(bySeries, g => Assert.Equal(3, g.Count()));
        // Apart in greyscale too: each series draws its marker differently (filled, open, framed), not only in another colour.
        Assert.Equal(3, bySeries.Select(g => g.First().Look).Distinct().Count());
        Assert.Equal(3, bySeries.Select(g => g.First().Colour).Distinct().Count());
    }

    [Fact]
    public void The_x_axis_is_the_time_of_the_exchange_with_readable_ticks_in_order()
    {
        var samples = Enumerable.Range(0, 12).Select(i => Sample("tsa", i * 5 * 60_000, i % 3, halfRtt: 3, accuracy: 1000)).ToList();
        Chart chart = Chart.Of(samples);

        var ticks = chart.Texts("x-tick").ToList();
        Assert.InRange(ticks.Count, 2, 6);
        var times = ticks.Select(t => TimeOnly.ParseExact(t, "HH:mm", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Contains(chart.Root.Descendants(Svg + "text"), t => t.Value.StartsWith("local time of the exchange (UTC), 2026-11-20", StringComparison.Ordinal));
        var xs = chart.Points.Select(p => p.Cx).ToList();
        Assert.Equal(xs.Order(), xs);
        // Evenly spaced requests are evenly spaced on the axis.
        Assert.Equal(xs[1] - xs[0], xs[11] - xs[10], 1);
    }

    [Fact]
    public void Samples_from_transcripts_name_the_endpoint_they_were_posted_to()
    {
        Assessment a = TestFiles.Assess(TestFiles.CopyRun());
        Assert.NotEmpty(a.TimeSamples);
        Assert.All(a.TimeSamples, s => Assert.StartsWith("http", s.Endpoint));
        Chart chart = Chart.Of(a.TimeSamples);
        Assert.Equal(a.TimeSamples.Select(s => s.Endpoint).Distinct().Count(),
            chart.Root.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "legend-series"));
    }

    private static TimeSample Sample(string endpoint, double atMs, double offsetMs, double halfRtt, double accuracy)
    {
        DateTimeOffset midpoint = Start.AddMilliseconds(atMs);
        return new TimeSample($"{atMs:0000000}-token.tst", midpoint.AddMilliseconds(offsetMs), midpoint, halfRtt, accuracy) { Endpoint = endpoint };
    }

    private sealed record Point(double Cx, double Cy, string Series, string Colour, string Look);

    /// <summary>The chart's SVG parsed: the axis extent from its tick labels, the plot's pixel height, and every plotted token.</summary>
    private sealed record Chart(XElement Root, double YMin, double YMax, double PlotTop, double PlotHeight, IReadOnlyList<Point> Points)
    {
        public static Chart Of(IReadOnlyList<TimeSample> samples)
        {
            XElement root = XElement.Parse(TimeAccuracyChart.Svg(samples, 1m));
            var ticks = root.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "y-tick")
                .Select(t => (Value: D(t.Attribute("data-value")), Y: D(t.Attribute("y")) - 3)).ToList();
            var top = ticks.MaxBy(t => t.Value);
            var bottom = ticks.MinBy(t => t.Value);
            var points = root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "token").Select(g =>
            {
                XElement c = g.Descendants(Svg + "circle").First(x => (string?)x.Attribute("class") == "sample");
                // The marker's look without its colour: the frame drawn around the circle (if any) and whether the circle is hollow.
                string frame = c.ElementsBeforeSelf().LastOrDefault() is { Name.LocalName: "rect" or "path" } f ? f.Name.LocalName + ":" + ((string?)f.Attribute("d") ?? "").Count(ch => ch == 'L') : "none";
                string look = frame + ((string?)c.Attribute("fill") == "#fff" ? " hollow" : " filled");
                return new Point(D(c.Attribute("cx")), D(c.Attribute("cy")), (string)g.Attribute("data-series")!,
                    (string?)c.Attribute("stroke") ?? (string)c.Attribute("fill")!, look);
            }).ToList();
            Assert.Equal(samples.Count, root.Descendants(Svg + "circle").Count(c => (string?)c.Attribute("class") == "sample"));
            return new Chart(root, bottom.Value, top.Value, top.Y, bottom.Y - top.Y, points);
        }

        public IEnumerable<string> Texts(string cls) =>
            Root.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == cls).Select(t => t.Value);

        public double YOf(double ms) => PlotTop + (YMax - ms) / (YMax - YMin) * PlotHeight;

        private static double D(XAttribute? a) => double.Parse((string)a!, CultureInfo.InvariantCulture);
    }
}

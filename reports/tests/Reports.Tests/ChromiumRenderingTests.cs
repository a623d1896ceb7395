using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Reports.Tests;

/// <summary>
/// report.html in a real browser (Debian package chromium, installed by scripts/install-test-dependencies.sh). These
/// tests fail, not skip, when Chromium is missing: the HTML report is the deliverable an auditor opens.
/// </summary>
public sealed partial class ChromiumRenderingTests
{
    private static string RequireChromium() =>
        Chromium.Locate() ?? throw new InvalidOperationException(
            $"Chromium is not installed: apt-get install {Chromium.AptPackage} (scripts/install-test-dependencies.sh installs it)");

    private static (Assessment Assessment, string Html) RenderedFailingRun()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.Fail(r, "TSP-TST-008", "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)"));
        Assessment a = TestFiles.Assess(dir, new ReportOptions { Assessor = "A. Assessor", Organisation = "Example CAB" });
        AppendixReference appendix = AppendixWriter.Write(a, dir);
        return (a, HtmlReportWriter.Write(a, dir, appendix));
    }

    [Fact]
    public void Verdict_matrix_chart_and_evidence_render_with_a_size_in_chromium()
    {
        string chromium = RequireChromium();
        (Assessment a, string report) = RenderedFailingRun();
        // The report (cover, verdict, findings, chart, appendices) and its appendix (matrix, evidence) each in Chromium.
        JsonNode main = Measure(chromium, report, ["verdict", "time-chart", "nonconformities", "cover", "appendices"]);
        JsonNode appendix = Measure(chromium, Path.Combine(Path.GetDirectoryName(report)!, AppendixWriter.FileName), ["matrix", "evidence"]);
        Assert.Equal("Verdict: NON-CONFORMANT", main["verdictText"]!.GetValue<string>());
        Assert.Equal(a.TimeSamples.Count, main["samples"]!.GetValue<int>());
        Assert.True(a.TimeSamples.Count > 0, "the fixture run should yield time samples");
        Assert.Equal(0, main["matrixRows"]!.GetValue<int>());
        Assert.Equal(a.Matrix.Count, appendix["matrixRows"]!.GetValue<int>());
        Assert.Equal(a.Evidence.Count, appendix["evidenceRows"]!.GetValue<int>());
    }

    private static JsonNode Measure(string chromium, string html, string[] ids)
    {

        // The report has no script; a copy gets a probe that measures the rendered boxes and writes them into the DOM.
        string probe = """
            <script>
            window.addEventListener('load', () => {
              const out = {};
              for (const id of IDS) {
                const e = document.getElementById(id);
                const r = e ? e.getBoundingClientRect() : null;
                out[id] = r ? { w: Math.round(r.width), h: Math.round(r.height), visible: getComputedStyle(e).display !== 'none' } : null;
              }
              out.samples = document.querySelectorAll('#time-chart circle.sample').length;
              out.matrixRows = document.querySelectorAll('#matrix tbody tr').length;
              out.evidenceRows = document.querySelectorAll('#evidence table tbody tr').length;
              const v = document.querySelector('#verdict h2'); out.verdictText = v ? v.innerText : null;
              const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
              document.body.appendChild(pre);
            });
            </script>
            """.Replace("IDS", System.Text.Json.JsonSerializer.Serialize(ids), StringComparison.Ordinal);
        string probed = Path.Combine(Path.GetDirectoryName(html)!, "probe-" + Path.GetFileName(html));
        File.WriteAllText(probed, File.ReadAllText(html).Replace("</body>", probe + "</body>", StringComparison.Ordinal));

        var (exit, output) = Chromium.Run(chromium, probed, ["--dump-dom", "--virtual-time-budget=5000"], TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, $"chromium exited with {exit}: {output}");
        Match m = Probe().Match(output);
        Assert.True(m.Success, "the probe did not run: " + output[..Math.Min(500, output.Length)]);
        JsonNode result = JsonNode.Parse(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))!;

        foreach (string id in ids)
        {
            Assert.True(result[id] is not null, $"#{id} is missing in {html}");
            Assert.True(result[id]!["w"]!.GetValue<int>() > 100 && result[id]!["h"]!.GetValue<int>() > 20, $"#{id} renders too small: {result[id]!.ToJsonString()}");
        }

        return result;
    }

    [Fact]
    public void A_screenshot_of_the_report_is_taken()
    {
        string chromium = RequireChromium();
        (_, string html) = RenderedFailingRun();
        string png = Path.Combine(Path.GetDirectoryName(html)!, "report.png");
        var (exit, output) = Chromium.Run(chromium, html, [$"--screenshot={png}", "--window-size=1200,2400", "--hide-scrollbars"], TimeSpan.FromSeconds(120));
        Assert.True(exit == 0 && File.Exists(png), $"no screenshot (exit {exit}): {output}");

        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal("\x89PNG", Encoding.Latin1.GetString(bytes, 0, 4));
        Assert.Equal(1200, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(2400, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.True(bytes.Length > 50_000, $"the screenshot is suspiciously small ({bytes.Length} bytes): a blank page?");
        string keep = Path.Combine(AppContext.BaseDirectory, "report-screenshot.png");
        File.Copy(png, keep, overwrite: true); // left beside the test binaries for a human look
    }

    [Fact]
    public void The_pdf_is_printed_on_a4_pages()
    {
        RequireChromium();
        (_, string html) = RenderedFailingRun();
        string? pdf = PdfPrinter.Print(html, Path.GetDirectoryName(html)!, out string note);
        Assert.True(pdf is not null, note);
        string text = Encoding.Latin1.GetString(File.ReadAllBytes(pdf));
        Assert.StartsWith("%PDF-", text);
        // A4 is 595.28 x 841.89 pt; Chromium writes 594.96 x 841.92 (whole device pixels).
        Assert.Matches(@"/MediaBox\s*\[\s*0\s+0\s+59[45]\.\d+\s+841\.\d+\s*\]", text);
        Assert.True(Regex.Matches(text, @"/Type\s*/Page[^s]").Count >= 2, "the report should need more than one A4 page");
    }

    [GeneratedRegex("<pre id=\"probe\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Probe();
}

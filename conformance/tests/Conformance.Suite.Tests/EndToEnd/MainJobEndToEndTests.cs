using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conformance.Cli;
using Conformance.Cli.Commands;
using Json.Schema;
using Reports;

namespace Conformance.Suite.Tests.EndToEnd;

/// <summary>
/// The README's main job from end to end, as a user runs it: `run --target reference` → report.json valid against the
/// published schema, with the run's environment → `report verify` passes with the reference TSA's root as trust anchor
/// and fails with another → report.html renders in headless Chromium with verdict, matrix, chart and evidence (a
/// screenshot is kept as a test artifact) → one changed byte of an evidence file makes `report verify` fail, naming it.
/// Chromium missing is a failure, not a skip: the HTML report is what the auditor opens.
/// </summary>
public sealed partial class MainJobEndToEndTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("tsa-conformance-e2e-").FullName;

    [Fact]
    public void The_main_job_yields_a_valid_sealed_report_that_renders_and_detects_tampering()
    {
        string run = Path.Combine(_temp, "main");
        // The seal of the reference TSA's own report is asked for explicitly: by default nothing under test seals its report.
        var (exit, output, error) = Cli("run", "--target", "reference", "--stamp-with", "target", "--out", run);
        Assert.True(exit == ExitCodes.Ok, $"exit {exit}\n{output}\n{error}");

        // report.json against the published schema, with the environment the runner recorded.
        JsonNode report = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "report.json")))!;
        JsonSchema schema = JsonSchema.FromFile(Path.Combine(RepositoryRoot(), "reports", "schema", "report.schema.json"));
        EvaluationResults valid = schema.Evaluate(JsonSerializer.SerializeToElement(report), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(valid.IsValid, string.Join("\n", (valid.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        JsonNode environment = report["environment"] ?? throw new Xunit.Sdk.XunitException("report.json records no environment");
        Assert.Equal(Environment.MachineName, environment["host"]!.GetValue<string>());
        string clockFile = Path.Combine(run, "evidence", "time", "clock-reference.json");
        string expectedReference = File.Exists(clockFile)
            ? JsonNode.Parse(File.ReadAllText(clockFile))!["reference"]!.GetValue<string>()
            : "none declared";
        Assert.Equal(expectedReference, environment["clockReference"]!["reference"]!.GetValue<string>());

        // The seal: the reference TSA's root verifies it; another CA does not; no anchor says the chain was not checked.
        string anchor = Path.Combine(run, RunCommand.ReferenceRootCaFileName);
        var (verified, verifyOutput, verifyError) = Cli("report", "verify", run, "--trust-anchor", anchor);
        Assert.True(verified == ExitCodes.Ok, $"exit {verified}\n{verifyOutput}\n{verifyError}");
        Assert.Contains("the TSU certificate chains to the trust anchor", verifyOutput);
        var (wrong, _, wrongError) = Cli("report", "verify", run, "--trust-anchor", OtherCa());
        Assert.Equal(ExitCodes.NonConformant, wrong);
        Assert.Contains("does not chain to the given trust anchor(s) at genTime", wrongError);
        var (unanchored, unanchoredOutput, _) = Cli("report", "verify", run);
        Assert.Equal(ExitCodes.Ok, unanchored);
        Assert.Contains("chain NOT validated (no --trust-anchor)", unanchoredOutput);

        RenderInChromium(run, report);

        // One byte of one evidence file: verify names it and fails.
        string evidence = Directory.GetFiles(Path.Combine(run, "evidence"), "*-token.tst").Order(StringComparer.Ordinal).First();
        byte[] bytes = File.ReadAllBytes(evidence);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(evidence, bytes);
        var (tampered, _, tamperedError) = Cli("report", "verify", run, "--trust-anchor", anchor);
        Assert.Equal(ExitCodes.NonConformant, tampered);
        Assert.Contains($"FAIL  evidence/{Path.GetFileName(evidence)}: SHA-256 is", tamperedError);
    }

    /// <summary>report.html (copied out of the sealed folder with a measuring script added) in headless Chromium.</summary>
    private void RenderInChromium(string run, JsonNode report)
    {
        string chromium = Chromium.Locate() ?? throw new InvalidOperationException(
            $"Chromium is not installed: apt-get install {Chromium.AptPackage} (scripts/install-test-dependencies.sh installs it)");
        // The report itself (verdict, chart) and its appendix (matrix, evidence listing), each laid out by Chromium.
        JsonNode seen = ProbeFile(chromium, Path.Combine(run, "report.html"), ["verdict", "time-chart", "appendices"]);
        JsonNode appendix = ProbeFile(chromium, Path.Combine(run, "appendix.html"), ["matrix", "evidence"]);
        seen["matrixRows"] = appendix["matrixRows"]!.GetValue<int>();
        seen["evidenceRows"] = appendix["evidenceRows"]!.GetValue<int>();

        // The PDF of the passing main job is a report, not a listing: at most 20 A4 pages (the appendix is a separate file).
        string pdf = Path.Combine(run, "report.pdf");
        Assert.True(File.Exists(pdf), "the main job wrote no report.pdf although Chromium is installed");
        int pages = Regex.Matches(System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(pdf)), @"/Type\s*/Page[^s]").Count;
        Assert.InRange(pages, 1, 20);

        Assert.Equal("Verdict: CONFORMANT", seen["verdictText"]!.GetValue<string>());
        Assert.True(seen["matrixRows"]!.GetValue<int>() > 0, "the traceability matrix has no rows");
        Assert.True(seen["samples"]!.GetValue<int>() > 0, "the time-accuracy chart plots no token");
        // The offset axis follows the plotted offsets (with their whiskers and zero), not the ±1 s accuracy band.
        double[] axis = seen["chartAxis"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(4, axis.Length);
        Assert.True(axis[0] <= axis[2] && axis[1] >= axis[3], $"the chart's axis {axis[0]}..{axis[1]} ms cuts off data {axis[2]}..{axis[3]} ms");
        Assert.True(axis[1] - axis[0] <= 4 * Math.Max(axis[3] - axis[2], 1), $"the chart's axis {axis[0]}..{axis[1]} ms is scaled to something else than its data {axis[2]}..{axis[3]} ms");
        // Every evidence file, those the time checks write under evidence/time/ included; the manifest is not evidence itself.
        int evidenceFiles = Directory.GetFiles(Path.Combine(run, "evidence"), "*", SearchOption.AllDirectories).Count(f => Path.GetFileName(f) != "MANIFEST.sha256");
        Assert.Equal(evidenceFiles, seen["evidenceRows"]!.GetValue<int>());

        string png = Path.Combine(_temp, "report.png");
        var (shot, shotOutput) = Chromium.Run(chromium, Path.Combine(run, "report.html"), [$"--screenshot={png}", "--window-size=1200,3000", "--hide-scrollbars"], TimeSpan.FromSeconds(120));
        Assert.True(shot == 0 && File.Exists(png), $"no screenshot (exit {shot}): {shotOutput}");
        byte[] image = File.ReadAllBytes(png);
        Assert.True(image.Length > 50_000, $"the screenshot is suspiciously small ({image.Length} bytes): a blank page?");
        File.Copy(png, Path.Combine(AppContext.BaseDirectory, "e2e-report-screenshot.png"), overwrite: true);
        TestContext.Current.AddAttachment("report.png", image, "image/png");
    }

    private JsonNode ProbeFile(string chromium, string file, string[] ids)
    {
        string probed = Path.Combine(_temp, "probe-" + Path.GetFileName(file));
        File.WriteAllText(probed, File.ReadAllText(file).Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
        var (exit, dom) = Chromium.Run(chromium, probed, ["--dump-dom", "--virtual-time-budget=5000"], TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, $"chromium exited with {exit}: {dom}");
        Match m = ProbeResult().Match(dom);
        Assert.True(m.Success, "the measuring script did not run: " + dom[..Math.Min(400, dom.Length)]);
        JsonNode seen = JsonNode.Parse(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))!;
        foreach (string id in ids)
        {
            JsonNode box = seen[id] ?? throw new Xunit.Sdk.XunitException($"#{id} is not in the rendered {Path.GetFileName(file)}");
            Assert.True(box["w"]!.GetValue<int>() > 100 && box["h"]!.GetValue<int>() > 20, $"#{id} renders too small: {box.ToJsonString()}");
        }

        return seen;
    }

    // The report has no script of its own; this one measures the sections as laid out and writes the result into the DOM.
    private const string Probe = """
        <script>
        window.addEventListener('load', () => {
          const box = id => { const e = document.getElementById(id); if (!e) return null; const r = e.getBoundingClientRect(); return { w: Math.round(r.width), h: Math.round(r.height) }; };
          const out = { verdict: box('verdict'), matrix: box('matrix'), 'time-chart': box('time-chart'), evidence: box('evidence'), appendices: box('appendices') };
          out.verdictText = document.querySelector('#verdict h2')?.innerText ?? '';
          out.matrixRows = document.querySelectorAll('#matrix tbody tr').length;
          out.samples = document.querySelectorAll('#time-chart circle.sample').length;
          const plot = document.querySelector('#time-chart g.plot');
          out.chartAxis = plot ? ['data-y-min', 'data-y-max', 'data-data-min', 'data-data-max'].map(a => Number(plot.getAttribute(a))) : [];
          out.evidenceRows = document.querySelectorAll('#evidence table tbody tr').length;
          const pre = document.createElement('pre'); pre.id = 'e2e-probe'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
        });
        </script>
        """;

    [GeneratedRegex("<pre id=\"e2e-probe\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ProbeResult();

    private string OtherCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Not the reference TSA's CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        using X509Certificate2 ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string path = Path.Combine(_temp, "other-ca.pem");
        File.WriteAllText(path, ca.ExportCertificatePem());
        return path;
    }

    /// <summary>The tsa-conformance verbs this job uses, invoked in-process as Program.cs wires them.</summary>
    private static (int Exit, string Output, string Error) Cli(params string[] args) => Conformance.Cli.Tests.Cli.Invoke(args);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "reports", "schema", "report.schema.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("reports/schema/report.schema.json not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

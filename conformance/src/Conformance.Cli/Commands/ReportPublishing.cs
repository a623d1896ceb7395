using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Reports;

namespace Conformance.Cli.Commands;

/// <summary>
/// The report options shared by run, inspect and report, and the one call into <see cref="ReportPublisher"/> that writes
/// report.html, summary.md, junit.xml, checklist.csv, report.pdf and the sealed manifest beside report.json.
/// </summary>
internal sealed class ReportPublishing
{
    public Option<string?> EvidenceRegister { get; } = new("--evidence-register") { Description = "Evidence register (YAML) for attested requirements: document, SHA-256, owner, approval and next review dates" };
    public Option<string?> Waivers { get; } = new("--waivers") { Description = "Waivers (YAML): requirement, justification, approver, expiry; waived findings stay in the report, expired waivers have no effect" };
    public Option<string?> Baseline { get; } = new("--baseline") { Description = "report.json of a previous run: mark new failures, fixed ones and changed evidence" };
    public Option<string?> StampWith { get; } = new("--stamp-with") { Description = "RFC 3161 service (URL) that time-stamps the report manifest, independent of the TSA under test; 'target' for the target's own non-qualified endpoint. Default: no seal (the manifest is still written)" };
    public Option<bool> NoPdf { get; } = new("--no-pdf") { Description = "Do not render report.pdf (saves the Chromium start and rendering, the slowest part of a short run)" };
    public Option<bool> Quiet { get; } = new("--quiet") { Description = "Print only the verdict, the findings and errors (no progress, no list of written files)" };

    /// <summary>The keyword of --stamp-with that asks for the TSA under test to seal its own report.</summary>
    public const string StampWithTarget = "target";
    public Option<string?> Assessor { get; } = new("--assessor") { Description = "Assessor's name for the report's cover" };
    public Option<string?> Organisation { get; } = new("--organisation") { Description = "Organisation (QTSP or CAB) for the report's cover" };

    /// <summary>--fail-on given to <c>report</c> (overrides the grade report.json recorded); null: report.json's.</summary>
    public string? FailOn { get; set; }

    public void AddTo(Command command)
    {
        command.Options.Add(EvidenceRegister);
        command.Options.Add(Waivers);
        command.Options.Add(Baseline);
        command.Options.Add(StampWith);
        command.Options.Add(Assessor);
        command.Options.Add(Organisation);
        command.Options.Add(NoPdf);
        command.Options.Add(Quiet);
    }

    public bool IsQuiet(ParseResult parse) => parse.GetValue(Quiet);

    /// <summary>Checks the user's files before a run starts, so a typo costs no run: file:line messages, exit 64.</summary>
    public bool Validate(ParseResult parse, TextWriter error)
    {
        try
        {
            if (parse.GetValue(EvidenceRegister) is { } register) Reports.EvidenceRegister.Load(register);
            if (parse.GetValue(Waivers) is { } waivers) Reports.Waivers.Load(waivers);
            if (parse.GetValue(Baseline) is { } baseline) ReportModel.Load(baseline);
        }
        catch (ReportInputException e)
        {
            error.WriteLine(e.Message);
            return false;
        }

        if (parse.GetValue(StampWith) is { } url && url != StampWithTarget && !(Uri.TryCreate(url, UriKind.Absolute, out Uri? u) && u.Scheme is "http" or "https"))
        {
            error.WriteLine($"--stamp-with: '{url}' is not an absolute http:// or https:// URL (or '{StampWithTarget}' for the TSA under test)");
            return false;
        }

        return true;
    }

    /// <summary>Renders and seals; returns the exit code of the assessment's verdict (waivers and register included).</summary>
    /// <param name="stampTlsTrustAnchors">The target's TLS roots, so its HTTPS endpoint can seal the report (as for the reference TSA).</param>
    public Task<int> PublishAsync(ParseResult parse, string? specDirectory, string outputDirectory, int runnerExit, TextWriter output, TextWriter error,
        CancellationToken cancellationToken, X509Certificate2Collection? stampTlsTrustAnchors = null) =>
        PublishAsync(parse, specDirectory, Path.Combine(outputDirectory, "report.json"), null, runnerExit, output, error, cancellationToken, stampTlsTrustAnchors);

    public async Task<int> PublishAsync(ParseResult parse, string? specDirectory, string reportJson, string? renderInto, int runnerExit, TextWriter output, TextWriter error,
        CancellationToken cancellationToken, X509Certificate2Collection? stampTlsTrustAnchors = null)
    {
        var options = new PublishOptions
        {
            Report = new ReportOptions
            {
                Assessor = parse.GetValue(Assessor),
                Organisation = parse.GetValue(Organisation),
                EvidenceRegister = parse.GetValue(EvidenceRegister),
                Waivers = parse.GetValue(Waivers),
                Baseline = parse.GetValue(Baseline),
                SpecDirectory = specDirectory,
                FailOn = FailOn,
            },
            StampWith = parse.GetValue(StampWith) is { } url and not StampWithTarget ? new Uri(url) : null,
            StampWithTarget = parse.GetValue(StampWith) == StampWithTarget,
            Pdf = !parse.GetValue(NoPdf),
            StampTlsTrustAnchors = stampTlsTrustAnchors,
            OutputDirectory = renderInto,
        };

        PublishResult result;
        try
        {
            result = await ReportPublisher.PublishAsync(reportJson, options, cancellationToken);
        }
        catch (ReportInputException e)
        {
            error.WriteLine(e.Message);
            return runnerExit == ExitCodes.Ok ? ExitCodes.Incomplete : runnerExit;
        }

        if (!IsQuiet(parse))
        {
            foreach (string file in result.Files)
            {
                output.WriteLine($"Wrote:    {file}");
            }
        }

        foreach (string note in result.Notes)
        {
            output.WriteLine(RunSummary.Line($"Note:     {note}"));
        }

        foreach (string failure in result.WriterFailures)
        {
            error.WriteLine(RunSummary.Line(failure));
        }

        if (result.ExitCode != runnerExit)
        {
            output.WriteLine(RunSummary.Line(result.WriterFailures.Count > 0
                ? $"Exit code 2: {result.WriterFailures.Count} rendering(s) failed, the report is incomplete"
                : $"Verdict with waivers and evidence register: {result.Assessment.Verdict.ToUpperInvariant()} ({result.Assessment.VerdictReason}; {result.Assessment.GradeCounts})"));
        }

        return result.ExitCode;
    }
}

namespace Reports;

/// <summary>What the CLI asks for after a run (or when re-rendering a stored report.json).</summary>
public sealed record PublishOptions
{
    public ReportOptions Report { get; init; } = new();
    /// <summary>
    /// RFC 3161 service that seals the manifest, chosen by the user to be independent of the TSA under test; null: no seal
    /// (unless <see cref="StampWithTarget"/>). Failing and incomplete runs are sealed like passing ones.
    /// </summary>
    public Uri? StampWith { get; init; }

    /// <summary>The user asked explicitly for the TSA under test (its non-qualified endpoint) to seal its own report.</summary>
    public bool StampWithTarget { get; init; }
    public bool Pdf { get; init; } = true;
    /// <summary>TLS roots trusted, besides the system's, when the stamping service is on HTTPS (the target's own CA).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? StampTlsTrustAnchors { get; init; }

    /// <summary>Where the renderings go; null: beside report.json. Only a report's own folder is sealed.</summary>
    public string? OutputDirectory { get; init; }
}

public sealed record PublishResult(Assessment Assessment, IReadOnlyList<string> Files, IReadOnlyList<string> Notes)
{
    /// <summary>Renderings that failed with an unexpected exception (each also in <see cref="Notes"/> and report.json's problems).</summary>
    public IReadOnlyList<string> WriterFailures { get; init; } = [];

    /// <summary>
    /// 0 conformant, 1 non-conformant (or observations under --fail-on observation), 2 incomplete: the assessment's
    /// verdict (waivers and the register included); 2 whenever a rendering failed, as the report is then incomplete.
    /// </summary>
    public int ExitCode => WriterFailures.Count > 0 ? 2 : Assessment.ExitCode;
}

/// <summary>
/// The one call the CLI makes: renders report.html, summary.md, junit.xml, checklist.csv (and report.pdf when Chromium
/// is installed) beside report.json, then seals the folder (manifest + RFC 3161 token). Problems that do not spoil the
/// report (no Chromium, stamping service down) become notes; a writer that fails unexpectedly costs only its own
/// file: the failure is a note, a problem in report.json and exit code 2 (<see cref="PublishResult.ExitCode"/>); bad user input (register, waivers, baseline) throws
/// <see cref="ReportInputException"/> with file:line.
/// </summary>
public static class ReportPublisher
{
    public static async Task<PublishResult> PublishAsync(string reportJson, PublishOptions options, CancellationToken cancellationToken = default)
    {
        string dir = options.OutputDirectory is { } o ? Path.GetFullPath(o) : Path.GetDirectoryName(Path.GetFullPath(reportJson))!;
        bool ownFolder = dir == Path.GetDirectoryName(Path.GetFullPath(reportJson));
        if (ownFolder)
        {
            // A re-rendering replaces the renderings, so the failures of an earlier one no longer stand.
            RenderingProblems.Clear(reportJson);
        }

        Assessment a = Assessment.Build(reportJson, options.Report);
        // The cover names the sealing service; only a report's own folder is sealed.
        string? sealedBy = !ownFolder ? null
            : options.StampWith?.ToString() ?? (options.StampWithTarget ? a.Report.Target?.Url : null);
        a = a with { Options = a.Options with { SealedBy = sealedBy } };
        Directory.CreateDirectory(dir);
        // report.json (by far the largest file of an inspection's folder) is hashed for the manifest while the renderings
        // are written; the manifest uses that hash only if report.json was not written since.
        Task<TamperEvidence.PrehashedFile?>? reportHash = dir != a.Directory ? null
            : Task.Run(() => TamperEvidence.PrehashedFile.Of(dir, Path.GetFileName(reportJson)));
        var run = new Publication(a, dir);
        if (a.CatalogueProblem is { } problem)
        {
            run.Notes.Add(problem);
        }

        string? html = run.RenderAll();
        if (run.Failures.Count > 0)
        {
            run.Notes.AddRange(run.Failures);
            if (ownFolder)
            {
                RenderingProblems.Record(reportJson, run.Failures);
            }
        }

        if (options.Pdf)
        {
            run.Pdf(html);
        }

        if (dir != a.Directory)
        {
            run.Notes.Add($"not sealed: the renderings are outside the report's folder {a.Directory}");
        }
        else
        {
            await run.SealAsync(options, reportHash is null ? null : await reportHash, cancellationToken);
        }

        return new PublishResult(a, run.Files, run.Notes) { WriterFailures = run.Failures };
    }

    /// <summary>The files, notes and failures of one publication.</summary>
    private sealed class Publication(Assessment a, string dir)
    {
        public List<string> Files { get; } = [];
        public List<string> Notes { get; } = [];
        public List<string> Failures { get; } = [];

        /// <summary>Every rendering, each on its own; returns report.html's path, null when it failed.</summary>
        public string? RenderAll()
        {
            // The appendix first: report.html names it with its SHA-256.
            AppendixReference? appendix = null;
            Render(AppendixWriter.FileName, () =>
            {
                appendix = AppendixWriter.Write(a, dir);
                return Path.Combine(dir, appendix.FileName);
            });
            string? html = null;
            Render(HtmlReportWriter.FileName, () => html = HtmlReportWriter.Write(a, dir, appendix));
            Render(MarkdownSummaryWriter.FileName, () => MarkdownSummaryWriter.Write(a, dir));
            // junit.xml and findings.sarif, the two largest writings of an inspection, side by side.
            var junit = Task.Run(() => Attempt(JUnitReportWriter.FileName, () => JUnitReportWriter.Write(a, dir)));
            var sarif = Attempt(SarifWriter.FileName, () => SarifWriter.Write(a, dir));
            Record(junit.GetAwaiter().GetResult());
            Record(sarif);
            if (a.Catalogue is not null)
            {
                Render(ChecklistCsv.FileName, () => ChecklistCsv.Write(a, dir));
            }
            else
            {
                Notes.Add("checklist.csv not written: it needs the requirement catalogue");
            }

            return html;
        }

        public void Pdf(string? html)
        {
            if (html is null)
            {
                Notes.Add("report.pdf not written: report.html could not be rendered");
            }
            else if (PdfPrinter.Print(html, dir, out string pdfNote) is { } pdf)
            {
                Files.Add(pdf);
            }
            else
            {
                Notes.Add(pdfNote);
            }
        }

        /// <summary>Writes the manifest and, when a sealing TSA is named (or the target explicitly), time-stamps it.</summary>
        public async Task SealAsync(PublishOptions options, TamperEvidence.PrehashedFile? reportJson, CancellationToken cancellationToken)
        {
            Files.Add(TamperEvidence.WriteManifest(dir, reportJson));
            Uri? stamp = options.StampWith;
            if (stamp is null && options.StampWithTarget && a.Report.Target?.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out Uri? target))
            {
                stamp = target;
            }

            if (stamp is null)
            {
                string why = options.StampWithTarget
                    ? "--stamp-with target was given but the report names no non-qualified target endpoint"
                    : "no sealing TSA was named (a report is never sealed by the TSA under test unless asked)";
                Notes.Add($"{TamperEvidence.ManifestName} written but not time-stamped: {why}; give --stamp-with URL of an independent TSA to seal it");
                return;
            }

            try
            {
                using HttpClient http = SealHttp.Create(options.StampTlsTrustAnchors);
                var token = await TamperEvidence.StampAsync(dir, stamp, http, cancellationToken);
                Files.Add(Path.Combine(dir, TamperEvidence.TokenName));
                Notes.Add($"{TamperEvidence.ManifestName} time-stamped by {stamp} at {token.TokenInfo.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z");
            }
            catch (SealException e)
            {
                Notes.Add($"{TamperEvidence.ManifestName} not time-stamped: {e.Message}");
            }
        }

        // Each writer on its own: an unexpected exception in one never costs the others.
        private void Render(string name, Func<string> write) => Record(Attempt(name, write));

        private static (string? File, string? Failure) Attempt(string name, Func<string> write)
        {
            try
            {
                return (write(), null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return (null, RenderingProblems.Describe(name, e));
            }
        }

        private void Record((string? File, string? Failure) outcome)
        {
            if (outcome.File is { } file)
            {
                Files.Add(file);
            }

            if (outcome.Failure is { } failure)
            {
                Failures.Add(failure);
            }
        }
    }
}

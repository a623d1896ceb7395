using System.Globalization;
using System.Net;
using System.Text;
using Conformance.Catalogue.Text;

namespace Reports;

/// <summary>
/// report.html: one self-contained file (inline CSS and SVG, no script, no external resource) that prints on A4,
/// shaped like a conformity assessment report (EN 319 403-1): cover with target, scope, method and tool, the verdict,
/// summary per standard and clause, nonconformities (major/minor, see <see cref="NonconformityClass"/>), observations,
/// not checkable and waived findings, attested requirements, waivers, baseline diff, time accuracy, environment, and
/// the list of appendices. The full traceability matrix and the evidence listing are in appendix.html
/// (<see cref="AppendixWriter"/>), named here with its SHA-256, so the report itself stays short.
/// </summary>
public static class HtmlReportWriter
{
    public const string FileName = "report.html";

    public static string Write(Assessment a, string directory, AppendixReference? appendix = null)
    {
        string path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Render(a, appendix), new UTF8Encoding(false));
        return path;
    }

    public static string Render(Assessment a, AppendixReference? appendix = null)
    {
        var h = new StringBuilder();
        ReportModel r = a.Report;
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append($"<title>Time-stamping conformance report: {E(r.Target?.Name ?? r.Command)}</title>\n");
        h.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");

        Cover(h, a);
        Verdict(h, a);
        Clauses(h, a);
        Findings(h, a, appendix);
        Attested(h, a);
        WaiverSection(h, a);
        Baseline(h, a);
        TimeChart(h, a);
        TrustedListSection.Render(h, a);
        EnvironmentSection(h, a);
        Appendices(h, a, appendix);
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void Cover(StringBuilder h, Assessment a)
    {
        ReportModel r = a.Report;
        h.Append("<section id=\"cover\" class=\"cover\">\n<h1>Time-stamping service conformance report</h1>\n<table class=\"kv\">\n");
        Row(h, "Target", r.Target?.Name ?? $"{a.Inputs.Count} stored token(s) (inspect)");
        if (r.Target?.Url is { } url) Row(h, "Endpoint (non-qualified)", url);
        if (r.Target?.QualifiedUrl is { } q) Row(h, "Endpoint (qualified)", q);
        if (r.Target?.TargetFile is { } tf) Row(h, "Target file", tf);
        if (r.Target?.TlsVerificationDisabled == true) Row(h, "TLS", "server certificate verification DISABLED for this run");
        foreach (InputRow input in a.Inputs.Take(CoverInputs)) Row(h, "Input", InputLine(input.Input));
        if (a.Inputs.Count > CoverInputs) Row(h, "Input", $"… and {a.Inputs.Count - CoverInputs} more file(s): every file with its verdict is listed in appendix A and report.json");
        Row(h, "Profile", r.Profile ?? "none (scenarios selected without a profile)");
        Row(h, "Scope", Scope(a));
        Row(h, "Method", $"automated black-box checks over RFC 3161 / HTTP(S) by {r.Tool} {r.ToolVersion} ({r.Command}): Gherkin scenarios of the requirement catalogue, each failed check graded by the severity model (nonconformity, observation, informative)"
            + (r.Command == "inspect" ? "; stored tokens checked offline" : ""));
        if (r.Target?.Url is not null || r.Target?.QualifiedUrl is not null)
        {
            Row(h, "Request rate", r.Target.RateLimit is { } rate ? $"at most {rate.ToString(CultureInfo.InvariantCulture)} requests per second" : "not limited");
        }

        Row(h, "Seal", a.Options.SealedBy is { } seal
            ? $"REPORT-MANIFEST.sha256 time-stamped by {seal}" + (seal == r.Target?.Url ? " (the TSA under test, as asked: self-attestation)" : "")
            : "not sealed: no independent time-stamping service was named (--stamp-with URL); the manifest is written unsealed");
        Row(h, "Standards", a.Standards.Count == 0 ? "(catalogue not available)" : string.Join("; ", a.Standards.Select(d => StandardRead(a, d))));
        Row(h, "Started (UTC)", Utc(r.StartedAt));
        Row(h, "Finished (UTC)", Utc(r.FinishedAt));
        Row(h, "Tool", $"{r.Tool} {r.ToolVersion} ({r.Command})");
        Row(h, "Catalogue digest (SHA-256)", a.CatalogueDigest ?? "unknown");
        if (a.Options.Assessor is { } assessor) Row(h, "Assessor", assessor);
        if (a.Options.Organisation is { } org) Row(h, "Organisation", org);
        if (a.CatalogueProblem is { } p) Row(h, "Catalogue", p);
        h.Append("</table>\n</section>\n");
    }

    private static void Verdict(StringBuilder h, Assessment a)
    {
        ReportCounts c = a.Report.Summary;
        h.Append($"<section id=\"verdict\" class=\"verdict {a.Verdict}\" data-verdict=\"{a.Verdict}\">\n");
        h.Append($"<h2>Verdict: {E(a.Verdict.ToUpperInvariant())}</h2>\n<p class=\"grades\">{E(a.GradeCounts)}</p>\n<p>{E(a.VerdictReason)}</p>\n");
        h.Append($"<p class=\"counts\">{c.Text()} (of {c.Total} scenarios)");
        if (a.Scenarios.Where(s => s.Waived).Sum(s => s.Files) is > 0 and var w) h.Append($"; {w} waived");
        h.Append("</p>\n");
        if (a.Verdict != a.Report.Verdict)
        {
            h.Append($"<p>The runner's verdict was <b>{E(a.Report.Verdict)}</b> ({E(a.Report.VerdictReason)}); waivers and the evidence register changed it.</p>\n");
        }

        if (a.Register is null)
        {
            h.Append("<p class=\"note\">No evidence register was given: attested (organisational) requirements are not assessed by this report.</p>\n");
        }

        foreach (string problem in a.Report.Problems) h.Append($"<p class=\"problem\">Problem: {E(problem)}</p>\n");
        h.Append("</section>\n");
    }

    private static void Clauses(StringBuilder h, Assessment a)
    {
        h.Append("<section id=\"summary\">\n<h2>Summary per standard and clause</h2>\n<table>\n<thead><tr><th>Standard</th><th>Clause</th><th>Requirements</th><th>Passed</th><th>Nonconformity</th><th>Observation</th><th>Waived</th><th>Not run / missing</th><th>Evidenced</th><th>N/A</th></tr></thead>\n<tbody>\n");
        foreach (ClauseSummary s in a.Clauses)
        {
            h.Append($"<tr><td>{E(s.Standard)}</td><td>{E(s.Clause)}</td><td>{s.Requirements}</td><td>{s.Passed}</td><td class=\"{(s.Failed > 0 ? "failed" : "")}\">{s.Failed}</td><td>{s.Observations}</td><td>{s.Waived}</td><td>{s.NotRun}</td><td>{s.Attested}</td><td>{s.NotApplicable}</td></tr>\n");
        }

        h.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>
    /// Nonconformities (they decide the verdict), then observations and informative findings (listed, not deciding),
    /// then findings that could not be checked or are waived: each in its own section.
    /// </summary>
    private static void Findings(StringBuilder h, Assessment a, AppendixReference? appendix)
    {
        FindingSection(h, a, "nonconformities", "Nonconformities",
            "Failed checks of a verified mandatory (MUST) requirement: these decide the verdict.",
            a.Findings.Where(f => !f.View.Waived && f.Grade == Grades.Nonconformity), appendix);
        FindingSection(h, a, "observations", "Observations",
            "Failed checks of a recommendation (SHOULD), of a mandatory reading whose source is not verified, or resting on a placeholder value; informative (MAY) findings too. Listed and counted; they do not change the verdict"
            + (a.Report.Strict ? " (this run was --strict: observations were counted as nonconformities and appear above)." : "."),
            a.Findings.Where(f => !f.View.Waived && f.Grade is Grades.Observation or Grades.Informative), appendix);
        FindingSection(h, a, "findings", "Not checkable and waived findings",
            "Checks that could not be made (the verdict is withheld, not decided) and waived findings.",
            a.Findings.Where(f => f.View.Waived || f.Grade == Finding.NotCheckable), appendix);
    }

    private static void FindingSection(StringBuilder h, Assessment a, string id, string title, string intro, IEnumerable<Finding> findings, AppendixReference? appendix)
    {
        var list = findings.ToList();
        h.Append($"<section id=\"{id}\">\n<h2>{E(title)}</h2>\n<p class=\"note\">{E(intro)}</p>\n");
        if (list.Count == 0)
        {
            h.Append("<p>None.</p>\n</section>\n");
            return;
        }

        foreach (Finding f in list)
        {
            ReportScenario s = f.View.Scenario;
            string state = f.View.Waived ? "waived" : s.Status == Outcome.Failed ? f.Grade : s.Status;
            h.Append($"<div class=\"finding {E(state)}\" data-requirement=\"{E(f.RequirementIds)}\" data-grade=\"{E(f.Grade)}\">\n");
            h.Append($"<h3><span class=\"badge {E(state)}\">{E(state)}</span> {E(f.RequirementIds)}: {E(s.Name)}</h3>\n<table class=\"kv\">\n");
            Row(h, "Grade", $"{f.Grade}: {f.GradeReason}");
            if (f.Grade == Grades.Nonconformity && !f.View.Waived)
            {
                (string cls, string why) = NonconformityClass.Of(f);
                Row(h, "Class", $"{cls}: {why}");
            }

            if (f.View.Input is not null) Row(h, FindingFiles.Label(f.View), FindingFiles.Describe(f.View));
            Row(h, "Clause", f.Clause);
            Row(h, "Finding", f.Summary);
            Row(h, "Expected", f.Expected ?? "(see the requirement)");
            Row(h, "Observed", f.Observed ?? "(see the finding)");
            Row(h, "Remediation", f.Remediation);
            Row(h, "Scenario", $"{s.Feature}: {s.Name} ({s.Location})");
            if (f.View.Waiver is { } w) Row(h, "Waiver", $"waived until {w.Expires:yyyy-MM-dd} by {w.Approver}: {w.Justification} ({w.Source})");
            if (f.View.ExpiredWaiver is { } x) Row(h, "Expired waiver", $"expired {x.Expires:yyyy-MM-dd} ({x.Source}): no effect");
            if (a.Baseline?.IsNewFailure(s) == true) Row(h, "Baseline", "new since the baseline");
            IReadOnlyList<string> evidence = s.Evidence.Count > 0 ? s.Evidence : [.. f.View.ExampleInputs.SelectMany(i => i.Evidence)];
            h.Append($"<tr><th>Evidence</th><td class=\"files\">{(evidence.Count == 0 ? "none recorded" : string.Join(", ", evidence.Select(e => appendix is null ? E("evidence/" + e) : $"<a href=\"{E(appendix.FileName)}#ev-{E(e)}\">evidence/{E(e)}</a>")))}</td></tr>\n");
            h.Append("</table>\n</div>\n");
        }

        h.Append("</section>\n");
    }

    private static void Attested(StringBuilder h, Assessment a)
    {
        h.Append("<section id=\"attested\">\n<h2>Attested requirements</h2>\n");
        if (a.Register is null)
        {
            h.Append("<p>Not assessed: no evidence register was given (<code>--evidence-register FILE</code>).</p>\n</section>\n");
            return;
        }

        h.Append($"<p>Evidence register: {E(Path.GetFileName(a.Register.File))}. Each document's SHA-256 was recomputed from the file.</p>\n");
        h.Append("<table>\n<thead><tr><th>Requirement</th><th>Status</th><th>Document</th><th>SHA-256</th><th>Owner</th><th>Approved</th><th>Next review</th><th>Detail</th></tr></thead>\n<tbody>\n");
        foreach (TraceRow row in a.Matrix.Where(m => m.Attestation is not null))
        {
            AttestationCheck c = row.Attestation!;
            RegisteredEvidence? e = c.Entry;
            h.Append($"<tr data-requirement=\"{E(row.RequirementId)}\" data-attestation=\"{c.StatusText}\"><td>{E(row.RequirementId)}</td><td class=\"{ResultClass(c.StatusText)}\">{E(c.StatusText)}</td>");
            h.Append($"<td>{E(e?.Document ?? "—")}</td><td class=\"hash\">{E(e?.Sha256 ?? "")}</td><td>{E(e?.Owner ?? "")}</td><td>{e?.Approved:yyyy-MM-dd}</td><td>{e?.NextReview:yyyy-MM-dd}</td><td>{E(c.Detail)}</td></tr>\n");
        }

        h.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void WaiverSection(StringBuilder h, Assessment a)
    {
        if (a.Waivers.Entries.Count == 0)
        {
            return;
        }

        DateOnly asOf = DateOnly.FromDateTime(a.Report.FinishedAt.UtcDateTime);
        h.Append("<section id=\"waivers\">\n<h2>Waivers</h2>\n<p>Waived findings stay listed under Findings. An expired waiver has no effect.</p>\n<table>\n<thead><tr><th>Requirement</th><th>State</th><th>Approver</th><th>Expires</th><th>Justification</th><th>Applied to</th></tr></thead>\n<tbody>\n");
        foreach (Waiver w in a.Waivers.Entries)
        {
            bool expired = w.Expires < asOf;
            int applied = a.Scenarios.Where(s => s.Waiver == w).Sum(s => s.Files);
            h.Append($"<tr><td>{E(w.Requirement)}</td><td class=\"{(expired ? "failed" : "waived")}\">{(expired ? "expired" : "in force")}</td><td>{E(w.Approver)}</td><td>{w.Expires:yyyy-MM-dd}</td><td>{E(w.Justification)}</td><td>{applied} finding(s)</td></tr>\n");
        }

        h.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Baseline(StringBuilder h, Assessment a)
    {
        if (a.Baseline is not { } b)
        {
            return;
        }

        h.Append($"<section id=\"baseline\">\n<h2>Changes since the baseline</h2>\n<p>Baseline: run of {Utc(b.BaselineStartedAt)} (verdict {E(b.BaselineVerdict)}).</p>\n<ul>\n");
        foreach (ReportScenario s in b.NewFailures) h.Append($"<li class=\"failed\">New failure: {E(string.Join(", ", s.RequirementIds))} {E(s.Name)}</li>\n");
        foreach (ReportScenario s in b.Fixed) h.Append($"<li class=\"passed\">Fixed: {E(string.Join(", ", s.RequirementIds))} {E(s.Name)}</li>\n");
        foreach (string c in b.ChangedEvidence) h.Append($"<li>Changed evidence: {E(c)}</li>\n");
        foreach (string n in b.NewScenarios) h.Append($"<li>New scenario: {E(n)}</li>\n");
        foreach (string n in b.RemovedScenarios) h.Append($"<li>No longer run: {E(n)}</li>\n");
        if (b.NewFailures.Count + b.Fixed.Count + b.ChangedEvidence.Count + b.NewScenarios.Count + b.RemovedScenarios.Count == 0) h.Append("<li>No change.</li>\n");
        h.Append("</ul>\n</section>\n");
    }

    private static void TimeChart(StringBuilder h, Assessment a)
    {
        bool epsilon = a.TimeSamples.Any(s => s.EpsilonMs is not null);
        h.Append("<section id=\"time-accuracy\">\n<h2>Time accuracy</h2>\n");
        h.Append($"<p>genTime minus the local midpoint of each exchange (ms), from {E(a.TimeSamplesSource)}. Error bars: half the round trip{(epsilon ? " plus ε, the local clock's uncertainty the time checks recorded" : "")}. Band: the declared accuracy");
        h.Append(a.MaxAccuracySeconds is { } m ? $" (profile limit {m.ToString(CultureInfo.InvariantCulture)} s)" : "");
        h.Append(epsilon ? "; outer band: accuracy + ε" : "");
        if (a.Environment?.ClockReference is { } c)
        {
            h.Append($". Clock reference: {E(c.Reference)}, uncertainty {E(c.UncertaintyText)}");
        }

        h.Append(". genTime is often truncated to whole seconds, which alone can put a point up to 1 s below zero.</p>\n");
        h.Append(TimeAccuracyChart.Svg(a.TimeSamples, a.MaxAccuracySeconds));
        if (a.TimeSamples.Count > 0)
        {
            h.Append($"<table>\n<thead><tr><th>Token</th><th>genTime (UTC)</th><th>Local midpoint (UTC)</th><th>Offset ms</th><th>{(epsilon ? "± half RTT + ε ms" : "± half RTT ms")}</th><th>Declared accuracy ms</th>{(epsilon ? "<th>Within accuracy + ε</th>" : "")}</tr></thead>\n<tbody>\n");
            foreach (TimeSample s in a.TimeSamples)
            {
                h.Append($"<tr><td>{E(s.Token)}</td><td>{Utc(s.GenTime, true)}</td><td>{Utc(s.LocalMidpoint, true)}</td><td>{N(s.OffsetMs)}</td><td>{N(s.LocalUncertaintyMs)}</td><td>{(s.AccuracyMs is { } x ? N(x) : "absent")}</td>");
                if (epsilon)
                {
                    h.Append($"<td class=\"{(s.WithinAccuracy == false ? "failed" : "passed")}\">{(s.WithinAccuracy is { } w ? (w ? "yes" : "NO") : "no accuracy declared")}</td>");
                }

                h.Append("</tr>\n");
            }

            h.Append("</tbody>\n</table>\n");
        }

        h.Append("</section>\n");
    }

    /// <summary>Requirements of the profile automated, attested or both; requirements of the catalogue outside it; what the verdict covers.</summary>
    private static string Scope(Assessment a)
    {
        int automated = a.Matrix.Count(m => m.Kind == "automated"), attested = a.Matrix.Count(m => m.Kind == "attested"), both = a.Matrix.Count(m => m.Kind == "both");
        int outside = a.Catalogue is { } c ? c.Requirements.Count(r => a.Matrix.All(m => m.RequirementId != r.Id)) : 0;
        string covers = a.Register is null
            ? "the verdict covers the automated scope only (no --evidence-register: attested requirements are not assessed)"
            : "the verdict covers the automated scope and the attested requirements judged from the evidence register";
        return $"{a.Matrix.Count} requirements traced: {automated} automated, {attested} attested (organisational evidence), {both} both; "
            + $"{outside} catalogue requirements out of scope of this profile; {covers}";
    }

    private static void Appendices(StringBuilder h, Assessment a, AppendixReference? appendix)
    {
        h.Append("<section id=\"appendices\">\n<h2>Appendices</h2>\n<table class=\"kv\">\n");
        if (appendix is not null)
        {
            h.Append($"<tr><th>A. Traceability matrix and evidence listing</th><td><a href=\"{E(appendix.FileName)}\">{E(appendix.FileName)}</a> ({a.Matrix.Count} requirements, {a.Evidence.Count} evidence files); SHA-256 <span class=\"hash\">{appendix.Sha256}</span></td></tr>\n");
        }

        Row(h, "B. Conformity checklist", "checklist.csv (EN 319 421 requirement by requirement)");
        Row(h, "C. Evidence", $"evidence/ with its SHA-256 manifest {a.Report.EvidenceManifest}");
        Row(h, "D. Machine-readable", "report.json (schema reports/schema/report.schema.json), junit.xml, findings.sarif (SARIF 2.1.0)");
        h.Append("</table>\n</section>\n");
    }

    private static void EnvironmentSection(StringBuilder h, Assessment a)
    {
        h.Append("<section id=\"environment\">\n<h2>Environment of the run</h2>\n");
        if (a.Environment is not { } e)
        {
            h.Append("<p class=\"note\">report.json does not record the environment of the run (written by an earlier tool version): host, OS, .NET and clock reference are unknown.</p>\n</section>\n");
            return;
        }

        ClockReference c = e.ClockReference;
        h.Append("<table class=\"kv\">\n");
        Row(h, "Host", e.Host);
        Row(h, "Operating system", e.OperatingSystem);
        Row(h, ".NET", e.Runtime);
        Row(h, "Tool version", e.ToolVersion);
        if (e.CapturedAt is { } at) Row(h, "Recorded (UTC)", Utc(at));
        Row(h, "Local clock", e.LocalClock ?? "synchronisation status not available (chronyc did not answer)");
        Row(h, "Clock reference", c.Reference + (c.Source is { } src ? $" (from {src})" : ""));
        Row(h, "Clock uncertainty", c.UncertaintyText);
        if (c.OffsetMs is { } off) Row(h, "Local clock offset from the reference", $"{N(off)} ms");
        if (c.MeasuredAtUtc is { } m) Row(h, "Reference measured (UTC)", Utc(m, true));
        if (c.Server is { ValueKind: System.Text.Json.JsonValueKind.Object } server)
        {
            Row(h, "Reference server", string.Join(", ", server.EnumerateObject().Select(p => $"{p.Name}: {p.Value}")));
        }
        if (c.Note is { } note) Row(h, "Note", note);
        h.Append("</table>\n</section>\n");
    }

    internal static string ResultClass(string result) => result switch
    {
        Outcome.Passed or "evidenced" => "passed",
        "waived" => "waived",
        _ when result.StartsWith(Outcome.Failed, StringComparison.Ordinal) || result is "hash-mismatch" => "failed",
        _ when result.StartsWith("waived", StringComparison.Ordinal) => "waived",
        "missing" or "expired" or Outcome.Error or Outcome.Skipped or Outcome.NeedsEvidence or "not-assessed" => "missing",
        _ => "neutral",
    };

    internal static void Row(StringBuilder h, string key, string value) => h.Append($"<tr><th>{E(key)}</th><td>{E(value)}</td></tr>\n");

    /// <summary>HTML-encoded, with control characters from the target written visibly (<see cref="VisibleText"/>).</summary>
    internal static string E(string? text) => WebUtility.HtmlEncode(VisibleText.Of(text ?? "")!);

    /// <summary>Inputs named one by one on the cover; an archive of thousands of files is summarised after these.</summary>
    internal const int CoverInputs = 20;

    /// <summary>An input file with its kind and encoding, and the TSA's refusal when the stored response is one (judged like any response).</summary>
    internal static string InputLine(ReportInput input) =>
        $"{input.File} ({input.Kind ?? "?"}, {input.Encoding ?? "?"}){(input.ResponseStatus is { } status ? $"; the TSA said: {status}" : "")}";

    /// <summary>
    /// A standard as the report read it: the version the catalogue applies, and, when the requirement rows were read
    /// from other versions (e.g. EN 319 401 applied as V3.1.1, its IDs read from V3.2.1), those versions too.
    /// </summary>
    internal static string StandardRead(Assessment a, Conformance.Catalogue.SourceDocument document)
    {
        string applied = document.Version.Replace(" ", "", StringComparison.Ordinal) == document.Key ? document.Key : $"{document.Key} {document.Version}";
        var read = a.Matrix.Where(m => m.Document == document.Key && m.Version.Length > 0 && m.Version != document.Version)
            .Select(m => m.Version).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return read.Count == 0 ? applied : $"{applied} (requirement IDs read from {string.Join(", ", read)})";
    }

    internal static string Utc(DateTimeOffset t, bool millis = false) =>
        t.UtcDateTime.ToString(millis ? "yyyy-MM-dd HH:mm:ss.fff" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    private static string N(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    internal const string Css = """
        :root { --pass: #1b7a35; --fail: #b3261e; --waive: #8a5a00; --miss: #6b4fa0; --obs: #a06a00; --line: #ccd; }
        body { font: 10.5pt/1.4 "DejaVu Sans", Arial, sans-serif; color: #111; margin: 2em auto; max-width: 60em; padding: 0 1em; }
        h1 { font-size: 18pt; margin: 0 0 .5em; } h2 { font-size: 13pt; border-bottom: 2px solid #223; margin-top: 1.6em; } h3 { font-size: 11pt; margin: .4em 0; }
        table { border-collapse: collapse; width: 100%; margin: .5em 0; }
        th, td { border: 1px solid var(--line); padding: 2px 5px; text-align: left; vertical-align: top; }
        thead th { background: #eef; } table.kv th { width: 14em; background: #f6f6fa; }
        td.hash, td.files { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; word-break: break-all; }
        table.matrix td.files { width: 17em; }
        .verdict { border: 3px solid; padding: .5em 1em; margin: 1em 0; }
        .verdict.conformant { border-color: var(--pass); } .verdict.non-conformant { border-color: var(--fail); } .verdict.incomplete { border-color: var(--miss); }
        .verdict h2 { border: none; margin: 0; }
        .conformant h2, td.passed, li.passed { color: var(--pass); } .non-conformant h2, td.failed, li.failed, .problem { color: var(--fail); }
        .incomplete h2, td.missing { color: var(--miss); } td.waived { color: var(--waive); }
        .badge { display: inline-block; padding: 0 4px; border-radius: 3px; font-size: 8pt; color: #fff; background: #667; }
        .badge.passed { background: var(--pass); } .badge.failed { background: var(--fail); } .badge.error, .badge.missing { background: var(--miss); } .badge.waived { background: var(--waive); } .badge.nonconformity { background: var(--fail); } .badge.observation, .badge.informative { background: var(--obs); }
        .finding { border-left: 4px solid var(--fail); padding-left: .6em; margin: .8em 0; } .finding.waived { border-color: var(--waive); } .finding.observation, .finding.informative { border-color: var(--obs); } .finding.error { border-color: var(--miss); }
        .note { color: #445; font-style: italic; }
        pre { font-size: 8pt; white-space: pre-wrap; word-break: break-all; background: #f6f6fa; padding: .4em; }
        svg { max-width: 100%; height: auto; }
        @page { size: A4; margin: 15mm 12mm 15mm 12mm; }
        @media print {
          body { margin: 0; max-width: none; font-size: 9pt; }
          section { break-inside: auto; } h2, h3 { break-after: avoid; } tr, .finding, svg { break-inside: avoid; }
          .verdict { break-after: page; }
          details.dump { display: block; } details.dump > summary { font-weight: bold; } details.dump pre { display: block; }
          a { color: inherit; text-decoration: none; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """;
}

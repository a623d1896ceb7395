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
        h.Append("<style>\n").Append(Css).Append(ReportStyle.PageFooter($"Time-stamping conformance report: {r.Target?.Name ?? r.Command}, {Utc(r.StartedAt)}, {a.Verdict}"))
            .Append("</style>\n</head>\n<body>\n");

        Cover(h, a);
        Verdict(h, a);
        Clauses(h, a);
        Findings(h, a, appendix);
        AttestedSection.Render(h, a);
        WaiverSection(h, a);
        Baseline(h, a);
        TimeAccuracySection.Render(h, a);
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
        h.Append($"<h2>Verdict: {E(a.Verdict.ToUpperInvariant())}</h2>\n<p class=\"grades\">{E(a.GradeCounts)}</p>\n");
        // Counted per file: an inspection's aggregated finding stands for every file it was found in.
        var classes = a.Findings.Where(f => f.IsNonconformity && !f.View.Waived).Select(f => (NonconformityClass.Of(f).Class, f.View.Files)).ToList();
        if (classes.Count > 0)
        {
            h.Append($"<p class=\"classes\">Nonconformities by class: {classes.Where(c => c.Class == NonconformityClass.Major).Sum(c => c.Files)} major, {classes.Where(c => c.Class == NonconformityClass.Minor).Sum(c => c.Files)} minor</p>\n");
        }

        h.Append($"<p>{E(a.VerdictReason)}</p>\n");
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

    /// <summary>One group per standard (in the matrix's order) with its totals, its clauses in document order below it.</summary>
    private static void Clauses(StringBuilder h, Assessment a)
    {
        h.Append("<section id=\"summary\">\n<h2>Summary per standard and clause</h2>\n");
        h.Append("<p class=\"note\">Every requirement is counted in exactly one column. NC: nonconformity; Obs.: observation; Not run: not run, not checkable, not assessed (attested without an evidence register) or missing evidence; Evid.: attested and evidenced in the register; N/A: not applicable.</p>\n");
        h.Append("<table class=\"clauses\">\n<thead><tr><th>Clause</th><th>Req.</th><th>Passed</th><th>NC</th><th>Obs.</th><th>Waived</th><th>Not run</th><th>Evid.</th><th>N/A</th></tr></thead>\n");
        foreach (IGrouping<string, ClauseSummary> standard in a.Clauses.GroupBy(s => s.Standard, StringComparer.Ordinal))
        {
            var total = new ClauseSummary(standard.Key, "all clauses", standard.Sum(s => s.Requirements), standard.Sum(s => s.Passed), standard.Sum(s => s.Failed),
                standard.Sum(s => s.Observations), standard.Sum(s => s.Waived), standard.Sum(s => s.NotRun), standard.Sum(s => s.Attested), standard.Sum(s => s.NotApplicable));
            h.Append($"<tbody data-standard=\"{E(standard.Key)}\">\n");
            ClauseRow(h, total, $"<th class=\"standard\">{E(standard.Key)}</th>", "standard");
            foreach (ClauseSummary s in standard.OrderBy(s => s.Clause, ClauseOrder.Instance))
            {
                ClauseRow(h, s, $"<td>{E(s.Clause)}</td>", "");
            }

            h.Append("</tbody>\n");
        }

        h.Append("</table>\n</section>\n");
    }

    private static void ClauseRow(StringBuilder h, ClauseSummary s, string first, string cls) =>
        h.Append($"<tr{(cls.Length > 0 ? $" class=\"{cls}\"" : "")}>{first}<td>{s.Requirements}</td><td>{s.Passed}</td><td class=\"{(s.Failed > 0 ? "failed" : "")}\">{s.Failed}</td><td>{s.Observations}</td><td>{s.Waived}</td><td>{s.NotRun}</td><td>{s.Attested}</td><td>{s.NotApplicable}</td></tr>\n");

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
            + (a.Report.Strict ? " (this run was --strict: observations were counted as nonconformities and appear above, except those resting on a placeholder or unverified crypto-policy value)." : "."),
            a.Findings.Where(f => !f.View.Waived && f.Grade is Grades.Observation or Grades.Informative), appendix);
        var causes = NotCheckableCauses.Of(a.Findings);
        var grouped = causes.SelectMany(c => c).ToHashSet();
        FindingSection(h, a, "findings", "Not checkable and waived findings",
            "Checks that could not be made (the verdict is withheld, not decided) and waived findings.",
            a.Findings.Where(f => (f.View.Waived || f.Grade == Finding.NotCheckable) && !grouped.Contains(f)), appendix,
            causes.Count == 0 ? null : () => causes.ToList().ForEach(c => NotCheckableCauses.Render(h, c, appendix)));
    }

    private static void FindingSection(StringBuilder h, Assessment a, string id, string title, string intro, IEnumerable<Finding> findings, AppendixReference? appendix,
        Action? groupedFirst = null)
    {
        var list = findings.ToList();
        h.Append($"<section id=\"{id}\">\n<h2>{E(title)}</h2>\n<p class=\"note\">{E(intro)}</p>\n");
        groupedFirst?.Invoke();
        if (list.Count == 0)
        {
            h.Append(groupedFirst is null ? "<p>None.</p>\n</section>\n" : "</section>\n");
            return;
        }

        foreach (Finding f in list)
        {
            ReportScenario s = f.View.Scenario;
            string state = f.View.Waived ? "waived" : s.Status == Outcome.Failed ? f.Grade : s.Status;
            // A card with a long evidence list may break across pages in print; shorter ones stay whole.
            h.Append($"<div class=\"finding {E(state)}{(s.Evidence.Count > 16 ? " long" : "")}\" data-requirement=\"{E(f.RequirementIds)}\" data-grade=\"{E(f.Grade)}\">\n");
            h.Append($"<h3><span class=\"badge {E(state)}\">{E(state)}</span> {E(f.RequirementIds)}: {E(s.Name)}</h3>\n<table class=\"kv\">\n");
            Row(h, "Grade", $"{f.Grade}: {f.GradeReason}");
            if (f.Grade == Grades.Nonconformity && !f.View.Waived)
            {
                (string cls, string why) = NonconformityClass.Of(f);
                Row(h, "Class", $"{cls}: {why}");
            }

            if (f.View.Input is not null) Row(h, FindingFiles.Label(f.View), FindingFiles.Describe(f.View));
            else h.Append($"<tr><th>Input</th><td class=\"requests\">{RequestsSent(s.Evidence)}</td></tr>\n");
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
            EvidenceRow(h, evidence, appendix);
            h.Append("</table>\n</div>\n");
        }

        h.Append("</section>\n");
    }

    /// <summary>A finding's evidence files, each linked to its entry in the appendix when there is one.</summary>
    internal static void EvidenceRow(StringBuilder h, IReadOnlyList<string> evidence, AppendixReference? appendix) =>
        h.Append($"<tr><th>Evidence</th><td class=\"files\">{(evidence.Count == 0 ? "none recorded" : string.Join(", ", evidence.Select(e => appendix is null ? E("evidence/" + e) : $"<a href=\"{E(appendix.FileName)}#ev-{E(e)}\">evidence/{E(e)}</a>")))}</td></tr>\n");

    /// <summary>What a run sent the target for this finding (HTML): its time-stamp request files, the first few named; all are under Evidence.</summary>
    internal static string RequestsSent(IReadOnlyList<string> evidence)
    {
        var requests = evidence.Where(e => e.EndsWith("-request.tsq", StringComparison.Ordinal)).ToList();
        return requests.Count == 0
            ? "no time-stamp request file recorded for this check (its exchanges are under Evidence)"
            : $"{requests.Count} time-stamp request(s) sent to the target: {string.Join(", ", requests.Take(3).Select(e => $"<span class=\"file\">evidence/{E(e)}</span>"))}"
              + (requests.Count > 3 ? $" and {requests.Count - 3} more (under Evidence)" : "");
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

    internal static string N(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>The stylesheet, shared with appendix.html.</summary>
    internal const string Css = ReportStyle.Css;
}

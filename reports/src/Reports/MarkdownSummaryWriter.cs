using System.Text;
using Conformance.Catalogue.Text;

namespace Reports;

/// <summary>summary.md: short enough for a pull-request comment. Verdict, counts, findings (waived ones marked),
/// baseline changes, attested requirements that are not evidenced, and the clause summary.</summary>
public static class MarkdownSummaryWriter
{
    public const string FileName = "summary.md";

    public static string Write(Assessment a, string directory)
    {
        string path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Render(a), new UTF8Encoding(false));
        return path;
    }

    public static string Render(Assessment a)
    {
        ReportModel r = a.Report;
        ReportCounts c = r.Summary;
        var m = new StringBuilder();
        string icon = a.Verdict switch { Outcome.Conformant => "✅", Outcome.NonConformant => "❌", _ => "⚠️" };
        m.Append($"## {icon} Time-stamping conformance: {a.Verdict.ToUpperInvariant()}\n\n");
        m.Append($"{Cell(a.VerdictReason)}\n\n**{a.GradeCounts}**\n\n");
        m.Append($"| Target | Profile | Started (UTC) | Finished (UTC) | Tool |\n|---|---|---|---|---|\n");
        m.Append($"| {Cell(r.Target?.Name ?? $"{a.Inputs.Count} stored token(s)")} | {Cell(r.Profile ?? "none")} | {HtmlReportWriter.Utc(r.StartedAt)} | {HtmlReportWriter.Utc(r.FinishedAt)} | {Cell($"{r.Tool} {r.ToolVersion}")} |\n\n");
        m.Append($"{c.Text(" · ", n => $"**{n}**")} (of {c.Total})");
        if (a.Scenarios.Where(s => s.Waived).Sum(s => s.Files) is > 0 and var w) m.Append($" · **{w}** waived");
        m.Append("\n\n");

        // Nonconformities decide the verdict; observations and informative findings are listed apart; waived and
        // not-checkable findings keep their own table.
        FindingTable(m, a, "Nonconformities", a.Findings.Where(f => !f.View.Waived && f.Grade == Grades.Nonconformity));
        FindingTable(m, a, "Observations", a.Findings.Where(f => !f.View.Waived && f.Grade is Grades.Observation or Grades.Informative));
        FindingTable(m, a, "Not checkable, and waived findings", a.Findings.Where(f => f.View.Waived || f.Grade == Finding.NotCheckable));

        if (a.Baseline is { } b)
        {
            m.Append($"### Since the baseline ({HtmlReportWriter.Utc(b.BaselineStartedAt)}, {b.BaselineVerdict})\n\n");
            m.Append($"- New failures: {b.NewFailures.Count}{List(b.NewFailures.Select(s => string.Join(",", s.RequirementIds) + " " + s.Name))}\n");
            m.Append($"- Fixed: {b.Fixed.Count}{List(b.Fixed.Select(s => string.Join(",", s.RequirementIds) + " " + s.Name))}\n");
            m.Append($"- Changed evidence: {b.ChangedEvidence.Count}{List(b.ChangedEvidence)}\n\n");
        }

        if (a.Register is not null)
        {
            var open = a.Matrix.Where(x => x.Attestation is { Status: not AttestationStatus.Evidenced }).ToList();
            int evidenced = a.Matrix.Count(x => x.Attestation?.Status == AttestationStatus.Evidenced);
            m.Append($"### Attested requirements\n\n{evidenced} evidenced, {open.Count} not\n\n");
            foreach (TraceRow row in open.Take(20))
            {
                m.Append($"- `{row.RequirementId}` {row.Attestation!.StatusText}: {Cell(row.Attestation.Detail)}\n");
            }

            if (open.Count > 20) m.Append($"- … and {open.Count - 20} more (see report.html)\n");
            m.Append('\n');
        }
        else
        {
            m.Append("_Attested requirements not assessed (no evidence register)._\n\n");
        }

        m.Append("<details><summary>Per standard and clause</summary>\n\n| Standard | Clause | Req. | Passed | Failed | Obs. | Waived | Not run | Evidenced | N/A |\n|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (ClauseSummary s in a.Clauses)
        {
            m.Append($"| {Cell(s.Standard)} | {Cell(s.Clause)} | {s.Requirements} | {s.Passed} | {s.Failed} | {s.Observations} | {s.Waived} | {s.NotRun} | {s.Attested} | {s.NotApplicable} |\n");
        }

        m.Append("\n</details>\n\nFull report: `report.html`; machine-readable: `report.json`; checklist: `checklist.csv`.\n");
        return m.ToString();
    }

    private static void FindingTable(StringBuilder m, Assessment a, string title, IEnumerable<Finding> findings)
    {
        var list = findings.ToList();
        if (list.Count == 0)
        {
            return;
        }

        // inspect: a Files column (how many stored files, the first named); a run's table keeps its six columns.
        bool files = a.Inputs.Count > 0;
        m.Append($"### {title}\n\n| | Requirement | Grade | Clause | Expected | Observed |{(files ? " Files |" : "")}\n|---|---|---|---|---|---|{(files ? "---|" : "")}\n");
        foreach (Finding f in list)
        {
            string state = f.View.Waived ? $"waived until {f.View.Waiver!.Expires:yyyy-MM-dd}" : f.View.Scenario.Status;
            if (f.View.ExpiredWaiver is not null) state += " (waiver expired)";
            if (a.Baseline?.IsNewFailure(f.View.Scenario) == true) state += " 🆕";
            m.Append($"| {Cell(state)} | {Cell(f.RequirementIds)} | {Cell($"{f.Grade}: {f.GradeReason}")} | {Cell(f.Clause)} | {Cell(f.Expected ?? f.Summary)} | {Cell(f.Observed ?? "")} |{(files ? $" {Cell(FindingFiles.Short(f.View))} |" : "")}\n");
        }

        m.Append('\n');
    }

    private static string List(IEnumerable<string> items)
    {
        var list = items.Take(10).ToList();
        return list.Count == 0 ? "" : ": " + string.Join("; ", list.Select(Cell));
    }

    private static string Cell(string text) => VisibleText.Of(text.ReplaceLineEndings(" "), keepLineBreaks: false)!.Replace("|", "\\|", StringComparison.Ordinal);
}

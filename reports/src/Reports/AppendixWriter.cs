using System.Security.Cryptography;
using System.Text;

namespace Reports;

/// <summary>The appendix file as report.html names it: file name and SHA-256, so a reader can check it is the one meant.</summary>
public sealed record AppendixReference(string FileName, string Sha256);

/// <summary>
/// appendix.html: the parts of a report an auditor consults rather than reads (the full traceability matrix requirement →
/// scenarios → result → evidence, and the evidence listing with sizes, SHA-256 and decodings), kept out of report.html
/// so the report stays short. Written first; report.html then names it with its SHA-256.
/// </summary>
public static class AppendixWriter
{
    public const string FileName = "appendix.html";

    public static AppendixReference Write(Assessment a, string directory)
    {
        string html = Render(a);
        byte[] bytes = new UTF8Encoding(false).GetBytes(html);
        File.WriteAllBytes(Path.Combine(directory, FileName), bytes);
        return new AppendixReference(FileName, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static string Render(Assessment a)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append($"<title>Appendix: traceability and evidence: {HtmlReportWriter.E(a.Report.Target?.Name ?? a.Report.Command)}</title>\n");
        h.Append("<style>\n").Append(HtmlReportWriter.Css).Append("</style>\n</head>\n<body>\n");
        h.Append($"<h1>Appendix A to the conformance report of {HtmlReportWriter.Utc(a.Report.StartedAt)}</h1>\n<p>Target: {HtmlReportWriter.E(a.Report.Target?.Name ?? $"{a.Inputs.Count} stored token(s)")}; profile {HtmlReportWriter.E(a.Report.Profile ?? "none")}; verdict {HtmlReportWriter.E(a.Verdict)}. The report (report.html) names this file with its SHA-256.</p>\n");
        InputTable(h, a);
        Matrix(h, a);
        EvidenceSection(h, a);
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>inspect: one row per stored file (the CLI's per-file table), so the report can name only the first few.</summary>
    internal static void InputTable(StringBuilder h, Assessment a)
    {
        if (a.Inputs.Count == 0)
        {
            return;
        }

        h.Append($"<section id=\"inputs\">\n<h2>Stored files ({a.Inputs.Count})</h2>\n");
        h.Append("<table class=\"inputs\">\n<thead><tr><th>File</th><th>TSU</th><th>genTime</th><th>Policy</th><th>Qualified claim</th><th>Verdict</th><th>Nonconformities</th><th>Observations</th></tr></thead>\n<tbody>\n");
        foreach ((ReportInput input, int nonconformities, int observations) in a.Inputs)
        {
            ReportToken? t = input.Token;
            string verdict = input.Verdict + (input.ResponseStatus is { } status ? $" (the TSA said: {status})" : input.Error is { } error ? $" ({error})" : "");
            h.Append($"<tr><td>{HtmlReportWriter.E(input.File)}</td><td>{HtmlReportWriter.E(t?.Tsu ?? "—")}</td><td>{HtmlReportWriter.E(t?.GenTime ?? "—")}</td><td>{HtmlReportWriter.E(t?.Policy ?? "—")}</td>")
                .Append($"<td>{(t is null ? "—" : t.QualifiedClaim ? "yes" : "no")}</td><td class=\"{HtmlReportWriter.ResultClass(input.Verdict)}\">{HtmlReportWriter.E(verdict)}</td><td>{nonconformities}</td><td>{observations}</td></tr>\n");
        }

        h.Append("</tbody>\n</table>\n</section>\n");
    }

    internal static void Matrix(StringBuilder h, Assessment a)
    {
        h.Append("<section id=\"matrix\">\n<h2>Traceability matrix</h2>\n<p>Requirement → scenarios → result → evidence. A scenario checking a check-level requirement also counts for the clause-level requirements it refines.</p>\n");
        h.Append("<table class=\"matrix\">\n<thead><tr><th>Requirement</th><th>Source</th><th>Level</th><th>Kind</th><th>Scenarios</th><th>Result</th><th>Evidence</th></tr></thead>\n<tbody>\n");
        foreach (TraceRow row in a.Matrix)
        {
            string cls = HtmlReportWriter.ResultClass(row.Result);
            h.Append($"<tr data-requirement=\"{HtmlReportWriter.E(row.RequirementId)}\"><td>{HtmlReportWriter.E(row.RequirementId)}</td><td>{HtmlReportWriter.E(row.Citation)}</td><td>{HtmlReportWriter.E(row.Level)}</td><td>{HtmlReportWriter.E(row.Kind)}</td><td>");
            h.Append(row.Scenarios.Count == 0 ? "—" : string.Join("<br>", row.Scenarios.Select(s => $"{HtmlReportWriter.E(s.Scenario.Location)} <span class=\"badge {HtmlReportWriter.ResultClass(s.Result)}\">{HtmlReportWriter.E(s.Result)}</span>{FileCount(s)}")));
            h.Append($"</td><td class=\"{cls}\">{HtmlReportWriter.E(row.Result)}</td><td class=\"files\">");
            var files = row.Evidence.Select(e => $"<a href=\"#ev-{HtmlReportWriter.E(e)}\">{HtmlReportWriter.E(e)}</a>").ToList();
            if (row.Attestation?.Entry is { } entry) files.Add($"{HtmlReportWriter.E(entry.Document)} ({HtmlReportWriter.E(row.Attestation.StatusText)})");
            h.Append(files.Count == 0 ? "—" : string.Join("<br>", files));
            h.Append("</td></tr>\n");
        }

        h.Append("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>inspect: " in 2,990 files" after a matrix entry that stands for more than one stored file; nothing for a run.</summary>
    internal static string FileCount(ScenarioView view) =>
        view.Files == 1 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" in {view.Files:N0} files");

    internal static void EvidenceSection(StringBuilder h, Assessment a)
    {
        h.Append($"<section id=\"evidence\">\n<h2>Evidence appendix</h2>\n<p>{a.Evidence.Count} file(s) in evidence/, listed in {HtmlReportWriter.E(a.Report.EvidenceManifest)}. SHA-256 recomputed from each file; a mismatch with the run's manifest is marked.</p>\n");
        h.Append("<table class=\"evidence\">\n<thead><tr><th>File</th><th>Bytes</th><th>SHA-256</th></tr></thead>\n<tbody>\n");
        foreach (EvidenceFile f in a.Evidence)
        {
            h.Append($"<tr id=\"ev-{HtmlReportWriter.E(f.Name)}\"><td>{HtmlReportWriter.E(f.Name)}</td><td>{f.Length}</td><td class=\"hash{(f.MatchesManifest ? "" : " failed")}\">{f.Sha256}{(f.MatchesManifest ? "" : f.ManifestSha256 is null ? " (not in the manifest)" : $" (manifest says {f.ManifestSha256})")}</td></tr>\n");
        }

        h.Append("</tbody>\n</table>\n");
        foreach (EvidenceFile f in a.Evidence.Where(f => !f.Name.EndsWith(".tsq", StringComparison.Ordinal)))
        {
            h.Append($"<details class=\"dump\"><summary>{HtmlReportWriter.E(f.Name)}</summary><pre>{HtmlReportWriter.E(f.Dump)}</pre></details>\n");
        }

        h.Append("</section>\n");
    }

}

using System.Text;
using static Reports.HtmlReportWriter;

namespace Reports;

/// <summary>
/// The report's attested (organisational) requirements: how many the evidence register evidences, and which it does
/// not. One row per register document and status (a practice statement usually evidences dozens of requirements),
/// with the requirements it covers listed in the row; the requirements without an entry as one list. Each
/// requirement's own row, with its document, is in appendix A's traceability matrix, so the report stays a few pages
/// long even for a register of hundreds of entries.
/// </summary>
internal static class AttestedSection
{
    public static void Render(StringBuilder h, Assessment a)
    {
        h.Append("<section id=\"attested\">\n<h2>Attested requirements</h2>\n");
        if (a.Register is null)
        {
            h.Append("<p>Not assessed: no evidence register was given (<code>--evidence-register FILE</code>).</p>\n</section>\n");
            return;
        }

        var rows = a.Matrix.Where(m => m.Attestation is not null).ToList();
        string Count(AttestationStatus s) => $"{rows.Count(r => r.Attestation!.Status == s)} {StatusText(s)}";
        h.Append($"<p>Evidence register: {E(Path.GetFileName(a.Register.File))}. Each document's SHA-256 was recomputed from the file. ");
        h.Append($"{rows.Count} attested requirement(s) in scope: {Count(AttestationStatus.Evidenced)}, {Count(AttestationStatus.Expired)}, ");
        h.Append($"{Count(AttestationStatus.HashMismatch)}, {Count(AttestationStatus.Missing)} (no entry, or its document not found). Per requirement: appendix A, traceability matrix.</p>\n");

        var documents = rows.Where(r => r.Attestation!.Entry is not null)
            .GroupBy(r => (r.Attestation!.Status, r.Attestation.Entry!.Document, r.Attestation.Entry.Sha256, r.Attestation.Entry.Owner, r.Attestation.Entry.Approved, r.Attestation.Entry.NextReview))
            .OrderBy(g => g.Key.Status == AttestationStatus.Evidenced).ThenBy(g => g.Key.Document, StringComparer.Ordinal)
            .ToList();
        if (documents.Count > 0)
        {
            h.Append("<table class=\"register\">\n<thead><tr><th>Status</th><th>Document and its SHA-256 in the register</th><th>Owner</th><th>Approved</th><th>Next review</th><th>Requirements</th><th>Detail</th></tr></thead>\n<tbody>\n");
            foreach (var d in documents)
            {
                string status = d.First().Attestation!.StatusText;
                string detail = string.Join("; ", d.Select(r => r.Attestation!.Detail).Distinct(StringComparer.Ordinal));
                h.Append($"<tr data-attestation=\"{status}\"><td class=\"{ResultClass(status)}\">{E(status)}</td><td>{E(d.Key.Document)}<br><span class=\"hash\">{E(d.Key.Sha256)}</span></td><td>{E(d.Key.Owner)}</td>");
                h.Append($"<td>{d.Key.Approved:yyyy-MM-dd}</td><td>{d.Key.NextReview:yyyy-MM-dd}</td><td class=\"ids\">{Ids(d)}</td><td>{E(detail)}</td></tr>\n");
            }

            h.Append("</tbody>\n</table>\n");
        }

        var missing = rows.Where(r => r.Attestation!.Entry is null).ToList();
        if (missing.Count > 0)
        {
            h.Append($"<p class=\"missing-list\"><b>No entry in the register ({missing.Count}):</b> {Ids(missing)}</p>\n");
        }

        h.Append("</section>\n");
    }

    private static string StatusText(AttestationStatus s) => new AttestationCheck(null, s, null, "").StatusText;

    /// <summary>Requirement IDs, each kept whole on a line and carrying its attestation status.</summary>
    private static string Ids(IEnumerable<TraceRow> rows) =>
        string.Join(", ", rows.Select(r => $"<span class=\"req\" data-requirement=\"{E(r.RequirementId)}\" data-attestation=\"{r.Attestation!.StatusText}\">{E(r.RequirementId)}</span>"));
}

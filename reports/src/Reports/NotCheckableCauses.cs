using System.Text;
using static Reports.HtmlReportWriter;

namespace Reports;

/// <summary>
/// Checks that could not be made for one and the same cause (the same message, for the same input file or the same
/// run): one card naming the cause once and every requirement it kept from being checked, instead of one identical card
/// per scenario. A truncated token otherwise filled some 25 pages with "not a TimeStampResp or TimeStampToken".
/// </summary>
internal static class NotCheckableCauses
{
    /// <summary>From this many identical not-checkable findings on, they share one card.</summary>
    public const int GroupFrom = 3;

    /// <summary>Not-checkable findings (not waived) that share their cause with at least <see cref="GroupFrom"/>-1 others.</summary>
    public static IReadOnlyList<IGrouping<(string Cause, string Input), Finding>> Of(IEnumerable<Finding> findings) =>
        findings.Where(f => !f.View.Waived && f.Grade == Finding.NotCheckable)
            .GroupBy(f => (f.Summary, f.View.Input ?? ""))
            .Where(g => g.Count() >= GroupFrom)
            .ToList();

    public static void Render(StringBuilder h, IGrouping<(string Cause, string Input), Finding> cause, AppendixReference? appendix)
    {
        var findings = cause.ToList();
        var evidence = findings.SelectMany(f => f.View.Scenario.Evidence.Count > 0 ? f.View.Scenario.Evidence : f.View.ExampleInputs.SelectMany(i => i.Evidence))
            .Distinct(StringComparer.Ordinal).ToList();
        h.Append($"<div class=\"finding error cause{(evidence.Count > 16 ? " long" : "")}\" data-grade=\"{E(Finding.NotCheckable)}\" data-checks=\"{findings.Count}\">\n");
        h.Append($"<h3><span class=\"badge error\">error</span> {findings.Count} checks could not be made{(cause.Key.Input.Length > 0 ? $" for {E(cause.Key.Input)}" : "")}, for one cause</h3>\n<table class=\"kv\">\n");
        Row(h, "Grade", $"{Finding.NotCheckable}: {findings[0].GradeReason}");
        if (findings[0].View.Input is not null) Row(h, FindingFiles.Label(findings[0].View), FindingFiles.Describe(findings[0].View));
        Row(h, "Finding", cause.Key.Cause);
        var ids = findings.SelectMany(f => f.View.Scenario.RequirementIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        h.Append($"<tr><th>Requirements not checked ({ids.Count})</th><td class=\"ids\">{string.Join(", ", ids.Select(id => $"<span class=\"req\">{E(id)}</span>"))}</td></tr>\n");
        Row(h, "Scenarios", $"{findings.Count}, each listed with its requirement in appendix A's traceability matrix");
        EvidenceRow(h, evidence, appendix);
        h.Append("</table>\n</div>\n");
    }
}

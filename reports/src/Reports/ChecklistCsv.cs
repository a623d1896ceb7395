using System.Text;
using Conformance.Catalogue.Text;
using Conformance.Catalogue;

namespace Reports;

/// <summary>
/// checklist.csv for the EN 319 421 conformity checklist (Annex H): one row per EN 319 421 requirement ID (every
/// OVR-/TIS- ID the catalogue holds, in clause order) with the result and a reference to the evidence. ETSI publishes
/// the checklist itself as a spreadsheet on its forge; its exact column layout could not be confirmed from a source
/// available to this project, so the columns are the ones any requirement-by-requirement conformity checklist needs
/// (requirement ID, clause, requirement level, result, grade of a failed check, evidence reference, remarks), plus the catalogue ID that links
/// the row back to report.json. The first line is a comment saying so.
/// RFC 4180 after that line: comma separated, CRLF, fields quoted when they hold a comma, quote or line break; a field
/// that a spreadsheet would read as a formula is neutralised (<see cref="Field"/>).
/// </summary>
public static class ChecklistCsv
{
    public const string FileName = "checklist.csv";
    public const string Document = "EN319421";

    public static readonly string[] Header = ["Requirement ID", "Clause", "Requirement level", "Result", "Grade", "Evidence reference", "Remarks", "Catalogue ID"];

    /// <summary>The first line: what the file is, and that the Annex H column layout is not a confirmed copy.</summary>
    public const string Provenance =
        "# EN 319 421 Annex H conformity checklist rows written by tsa-conformance. Columns chosen to match the checklist's purpose; "
        + "the layout of ETSI's published checklist spreadsheet could not be confirmed, so map them onto it when transferring results.";

    public static string Write(Assessment a, string directory)
    {
        string path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Render(a), new UTF8Encoding(false));
        return path;
    }

    public static string Render(Assessment a)
    {
        if (a.Catalogue is null)
        {
            throw new ReportInputException($"checklist.csv needs the requirement catalogue: {a.CatalogueProblem}");
        }

        var en319421 = a.Catalogue.Requirements.Where(r => r.Source.Document == Document && r.Source.Ref is not null).ToList();
        DateOnly asOf = DateOnly.FromDateTime(a.Report.FinishedAt.UtcDateTime);
        var rows = Traceability.Build(a.Scenarios, a.Catalogue, en319421, a.Register, asOf)
            .Where(r => r.Requirement?.Source.Document == Document && r.Requirement.Source.Ref is not null);

        var csv = new StringBuilder();
        csv.Append(Provenance).Append("\r\n");
        Line(csv, Header);
        foreach (TraceRow row in rows)
        {
            Requirement r = row.Requirement!;
            var evidence = row.Scenarios.Select(s => $"{s.Scenario.Location} ({s.Result}{(s.Files == 1 ? "" : $" in {s.Files} files")})").Concat(row.Evidence.Select(e => "evidence/" + e)).ToList();
            if (row.Attestation?.Entry is { } entry)
            {
                evidence.Add($"{entry.Document} sha256:{entry.Sha256} ({row.Attestation.StatusText})");
            }

            string remarks = row.Attestation is { Status: not AttestationStatus.Evidenced } c ? c.Detail
                : row.Scenarios.FirstOrDefault(s => s.Waived)?.Waiver is { } w ? $"waived until {w.Expires:yyyy-MM-dd} by {w.Approver}: {w.Justification}"
                : "";
            string level = r.Level.ToText() + (r.Conditional ? " (conditional)" : "");
            Line(csv, [r.Source.Ref!, r.Source.Clause, level, row.Result, Grade(row), string.Join("; ", evidence), remarks, r.Id]);
        }

        return csv.ToString();
    }

    /// <summary>The most severe grade among the row's unwaived failed scenarios, with its reason; empty when none failed.</summary>
    private static string Grade(TraceRow row)
    {
        var failed = row.Scenarios.Where(s => !s.Waived && s.Scenario.EffectiveGrade is not null).ToList();
        if (failed.Count == 0)
        {
            return "";
        }

        ScenarioView worst = failed.MinBy(s => Grades.All.ToList().IndexOf(s.Scenario.EffectiveGrade!))!;
        return $"{worst.Scenario.EffectiveGrade} ({worst.Scenario.EffectiveGradeReason})";
    }

    private static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.Append(string.Join(",", fields.Select(Field))).Append("\r\n");
    }

    /// <summary>
    /// One RFC 4180 field. A value starting with '=', '+', '-', '@', tab or carriage return is prefixed with an
    /// apostrophe so that a spreadsheet shows it as text instead of evaluating it as a formula: remarks quote what the
    /// TSA sent (names, status texts), which must never run as a formula on an auditor's machine.
    /// </summary>
    internal static string Field(string raw)
    {
        string value = VisibleText.Of(raw)!;
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

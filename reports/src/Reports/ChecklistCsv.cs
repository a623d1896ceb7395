using System.Text;
using Conformance.Catalogue;

namespace Reports;

/// <summary>
/// checklist.csv in the shape of the EN 319 421 conformity checklist (Annex H): one row per EN 319 421 requirement ID
/// (every OVR-/TIS- ID the catalogue holds, in clause order) with the result and a reference to the evidence.
/// RFC 4180: comma separated, CRLF, fields quoted when they hold a comma, quote or line break.
/// </summary>
public static class ChecklistCsv
{
    public const string FileName = "checklist.csv";
    public const string Document = "EN319421";

    public static readonly string[] Header = ["Clause", "Requirement ID", "Catalogue ID", "Level", "Kind", "Title", "Result", "Evidence reference", "Comment"];

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
        Line(csv, Header);
        foreach (TraceRow row in rows)
        {
            Requirement r = row.Requirement!;
            var evidence = row.Scenarios.Select(s => $"{s.Scenario.Location} ({s.Result})").Concat(row.Evidence.Select(e => "evidence/" + e)).ToList();
            if (row.Attestation?.Entry is { } entry)
            {
                evidence.Add($"{entry.Document} sha256:{entry.Sha256} ({row.Attestation.StatusText})");
            }

            string comment = row.Attestation is { Status: not AttestationStatus.Evidenced } c ? c.Detail
                : row.Scenarios.FirstOrDefault(s => s.Waived)?.Waiver is { } w ? $"waived until {w.Expires:yyyy-MM-dd} by {w.Approver}: {w.Justification}"
                : r.Conditional ? "conditional requirement" : "";
            Line(csv, [r.Source.Clause, r.Source.Ref!, r.Id, r.Level.ToText(), r.Kind.ToText(), r.Title, row.Result, string.Join("; ", evidence), comment]);
        }

        return csv.ToString();
    }

    private static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.Append(string.Join(",", fields.Select(Field))).Append("\r\n");
    }

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

using System.Text;
using System.Text.Json;

namespace Reports;

/// <summary>
/// The qualified-service section (TSP-QTS-006): for each scenario that judged a TSU against the EU trusted lists, the
/// decision at genTime and now, the deciding list with its sequence number and SHA-256 (the evidence that names the
/// exact list), the service entry and its status timeline. Read from the scenario's "-trusted-list.json" evidence, the
/// suite's stable record of the decision; absent when no such scenario ran.
/// </summary>
public static class TrustedListSection
{
    public const string RequirementId = "TSP-QTS-006";
    private const string EvidenceSuffix = "-trusted-list.json";

    /// <summary>The decisions recorded in the run's evidence, with the scenario location each came from.</summary>
    public static IReadOnlyList<(ReportScenario Scenario, JsonElement Decision)> Decisions(Assessment a)
    {
        var decisions = new List<(ReportScenario, JsonElement)>();
        foreach (ReportScenario scenario in a.Scenarios.Select(v => v.Scenario).Where(s => s.RequirementIds.Contains(RequirementId)))
        {
            foreach (string file in scenario.Evidence.Where(e => e.EndsWith(EvidenceSuffix, StringComparison.Ordinal)))
            {
                string path = Path.Combine(a.EvidenceDirectory, file);
                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
                    decisions.Add((scenario, document.RootElement.Clone()));
                }
                catch (JsonException e)
                {
                    throw new ReportInputException($"{path}:{(e.LineNumber ?? 0) + 1}: not a trusted-list decision record: {e.Message}");
                }
            }
        }

        return decisions;
    }

    public static void Render(StringBuilder h, Assessment a)
    {
        var decisions = Decisions(a);
        if (decisions.Count == 0)
        {
            return;
        }

        h.Append("<section id=\"qualified-service\">\n<h2>Qualified service on the EU trusted list (TSP-QTS-006)</h2>\n");
        foreach ((ReportScenario scenario, JsonElement d) in decisions)
        {
            h.Append($"<h3>{HtmlReportWriter.E(scenario.Location)}: {HtmlReportWriter.E(scenario.Status)}</h3>\n<table class=\"kv\">\n");
            Row(h, "Qualified at genTime " + Text(d, "genTime"), Answer(d, "atGenTime"));
            Row(h, "Qualified now " + Text(d, "validationTime"), Answer(d, "now"));
            if (d.TryGetProperty("list", out JsonElement list))
            {
                Row(h, "Trusted list", $"{Text(list, "territory")} sequence {Text(list, "sequenceNumber")}, issued {Text(list, "issued")}, next update {Text(list, "nextUpdate")} ({Text(list, "file")}); {Text(list, "timing")}");
                Row(h, "List SHA-256", Text(list, "sha256"));
                Row(h, "Signature", Text(list, "signature"));
                Row(h, "Authenticity", Text(list, "authenticity"));
            }

            if (d.TryGetProperty("service", out JsonElement service))
            {
                Row(h, service.GetProperty("decided").GetBoolean() ? "Deciding service entry" : "Matching service entry",
                    $"\"{Text(service, "name")}\" ({Text(service, "type")}) of {Text(service, "provider")}, line {Text(service, "line")}; matches {(Text(service, "pathLevel") == "0" ? "the TSU certificate" : "issuer level " + Text(service, "pathLevel"))} {Text(service, "matchedCertificate")}");
            }

            h.Append("</table>\n");
            if (d.TryGetProperty("timeline", out JsonElement timeline) && timeline.GetArrayLength() > 0)
            {
                h.Append("<table>\n<tr><th>from</th><th>until</th><th>type</th><th>status</th><th>qualifying</th><th>line</th></tr>\n");
                foreach (JsonElement period in timeline.EnumerateArray())
                {
                    h.Append($"<tr><td>{HtmlReportWriter.E(Text(period, "start"))}</td><td>{HtmlReportWriter.E(period.TryGetProperty("end", out var end) ? end.ToString() : "open")}</td>"
                        + $"<td>{HtmlReportWriter.E(Text(period, "type"))}</td><td>{HtmlReportWriter.E(Text(period, "status"))}</td>"
                        + $"<td>{(period.GetProperty("qualified").GetBoolean() ? "yes" : "no")}</td><td>{HtmlReportWriter.E(Text(period, "line"))}</td></tr>\n");
                }

                h.Append("</table>\n");
            }

            if (d.TryGetProperty("warnings", out JsonElement warnings))
            {
                foreach (JsonElement warning in warnings.EnumerateArray())
                {
                    h.Append($"<p class=\"warning\">Warning: {HtmlReportWriter.E(warning.GetString())}</p>\n");
                }
            }
        }

        h.Append("</section>\n");
    }

    private static string Answer(JsonElement d, string name) =>
        d.TryGetProperty(name, out JsonElement answer) ? $"{Text(answer, "value")}: {Text(answer, "reason")}" : "not recorded";

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.ToString() : "-";

    private static void Row(StringBuilder h, string key, string value) =>
        h.Append($"<tr><th>{HtmlReportWriter.E(key)}</th><td>{HtmlReportWriter.E(value)}</td></tr>\n");
}

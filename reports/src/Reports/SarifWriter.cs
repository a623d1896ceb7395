using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reports;

/// <summary>
/// findings.sarif: the findings in SARIF 2.1.0 for code-scanning dashboards, written beside junit.xml in every run
/// folder. One rule per requirement ID (clause and level in its properties), one result per finding: level error for a
/// nonconformity, warning for an observation, note for an informative finding (the grade from report.json, as the
/// other renderings show it). A scenario that could not be checked is a tool
/// execution notification, not a result: it says nothing about conformance. Locations: the stored token for inspect,
/// the scenario in its feature file for run; the evidence files are related locations relative to the report folder.
/// </summary>
public static class SarifWriter
{
    public const string FileName = "findings.sarif";
    public const string ReportRoot = "REPORTROOT";
    public const string SpecRoot = "SPECROOT";

    public static string Write(Assessment a, string directory)
    {
        string path = Path.Combine(directory, FileName);
        using (FileStream file = File.Create(path))
        {
            using (var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
            {
                WriteStreamed(a, writer);
            }

            file.Write("\n"u8);
        }

        return path;
    }

    /// <summary>The whole document in memory (for a test); <see cref="Write"/> writes the same content streamed.</summary>
    public static JsonObject ToJson(Assessment a)
    {
        var (run, ruleIds) = Skeleton(a);
        ((JsonObject)run["invocations"]![0]!)["toolExecutionNotifications"] = new JsonArray([.. Notifications(a)]);
        run["results"] = new JsonArray([.. Results(a, ruleIds)]);
        return Document(run);
    }

    private static JsonObject Document(JsonObject run) => new()
    {
        ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
        ["version"] = "2.1.0",
        ["runs"] = new JsonArray(run),
    };

    /// <summary>
    /// The document with its notifications and results written one at a time, flushed as it goes, so the document is
    /// never held whole.
    /// </summary>
    private static void WriteStreamed(Assessment a, Utf8JsonWriter writer)
    {
        var (run, ruleIds) = Skeleton(a);
        JsonObject document = Document(new JsonObject());
        writer.WriteStartObject();
        foreach (var (name, node) in document.Where(p => p.Key != "runs"))
        {
            writer.WritePropertyName(name);
            node!.WriteTo(writer);
        }

        writer.WriteStartArray("runs");
        writer.WriteStartObject();
        foreach (var (name, node) in run)
        {
            writer.WritePropertyName(name);
            if (name != "invocations")
            {
                node!.WriteTo(writer);
                continue;
            }

            writer.WriteStartArray();
            writer.WriteStartObject();
            foreach (var (key, value) in (JsonObject)node![0]!)
            {
                writer.WritePropertyName(key);
                if (key == "toolExecutionNotifications") WriteAll(writer, Notifications(a));
                else value!.WriteTo(writer);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WritePropertyName("results");
        WriteAll(writer, Results(a, ruleIds));
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteAll(Utf8JsonWriter writer, IEnumerable<JsonObject> items)
    {
        writer.WriteStartArray();
        foreach (JsonObject item in items)
        {
            item.WriteTo(writer);
            writer.Flush();
        }

        writer.WriteEndArray();
    }

    /// <summary>The run without its notifications and results; the rule IDs come from the (aggregated) findings.</summary>
    private static (JsonObject Run, List<string> RuleIds) Skeleton(Assessment a)
    {
        var ruleIds = a.Findings.Where(Reported).Select(RuleId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var rules = new JsonArray([.. ruleIds.Select(id => (JsonNode?)Rule(a, id))]);
        bool successful = !a.Scenarios.Any(NotCheckable);
        return (Run(a, rules, successful), ruleIds);
    }

    private static bool Reported(Finding f) => !f.View.Waived && f.View.Scenario.Status == Outcome.Failed;

    private static bool NotCheckable(ScenarioView v) => !v.Waived && v.Scenario.Status == Outcome.Error;

    /// <summary>
    /// A run's views, or every file's scenarios that did not pass (<see cref="Assessment.ListedByFile"/>, in file order):
    /// the results and notifications come from those only.
    /// </summary>
    private static IEnumerable<ScenarioView> EachView(Assessment a) => a.Inputs.Count == 0
        ? a.Scenarios
        : a.ListedByFile().SelectMany(file => file.Listed);

    private static IEnumerable<JsonObject> Notifications(Assessment a) => EachView(a).Where(NotCheckable).Select(v => new JsonObject
    {
        ["level"] = "error",
        ["message"] = new JsonObject { ["text"] = Clean($"{(v.Input is null ? "" : v.Input + ": ")}{string.Join(",", v.Scenario.RequirementIds)} could not be checked: {v.Scenario.Message ?? "(no message)"}") },
    });

    private static IEnumerable<JsonObject> Results(Assessment a, List<string> ruleIds) =>
        (a.Inputs.Count == 0 ? a.Findings : EachView(a).Where(v => v.IsFinding).Select(v => Finding.From(v, a.Catalogue)))
        .Where(Reported).Select(f => Result(a, f, ruleIds));

    private static JsonObject Rule(Assessment a, string id)
    {
        var requirement = a.Catalogue?.Find(id);
        return new JsonObject
        {
            ["id"] = id,
            ["shortDescription"] = new JsonObject { ["text"] = Clean(requirement?.Title ?? id) },
            ["properties"] = new JsonObject
            {
                ["clause"] = requirement?.Source.Citation ?? "",
                ["level"] = requirement?.Level.ToString() ?? "",
            },
        };
    }

    private static JsonObject Result(Assessment a, Finding f, List<string> ruleIds)
    {
        string id = RuleId(f);
        var result = new JsonObject
        {
            ["ruleId"] = id,
            ["ruleIndex"] = ruleIds.IndexOf(id),
            ["kind"] = "fail",
            ["level"] = Level(f),
            ["message"] = new JsonObject { ["text"] = Clean(Message(f)) },
            ["locations"] = new JsonArray(PrimaryLocation(f)),
            ["properties"] = new JsonObject
            {
                ["grade"] = f.Grade,
                ["gradeReason"] = Clean(f.GradeReason),
                ["requirementIds"] = new JsonArray(f.View.Scenario.RequirementIds.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
                ["clause"] = Clean(f.Clause),
                ["expected"] = f.Expected is null ? null : Clean(f.Expected),
                ["observed"] = f.Observed is null ? null : Clean(f.Observed),
                ["remediation"] = Clean(f.Remediation),
                ["scenario"] = Clean($"{f.View.Scenario.Feature}: {f.View.Scenario.Name}"),
            },
        };
        if (f.View.Scenario.Evidence.Count > 0)
        {
            result["relatedLocations"] = new JsonArray(f.View.Scenario.Evidence.Select((e, i) => (JsonNode?)Artifact("evidence/" + e, ReportRoot, i + 1)).ToArray());
        }

        return result;
    }

    /// <summary>The run object without its results and notifications: tool, invocation, base URIs, automation id, verdict.</summary>
    private static JsonObject Run(Assessment a, JsonArray rules, bool successful) => new()
    {
        ["tool"] = new JsonObject
        {
            ["driver"] = new JsonObject
            {
                ["name"] = a.Report.Tool,
                ["version"] = a.Report.ToolVersion,
                ["informationUri"] = "https://www.etsi.org/deliver/etsi_en/319400_319499/31942101/",
                ["rules"] = rules,
            },
        },
        ["invocations"] = new JsonArray(new JsonObject
        {
            ["executionSuccessful"] = successful,
            ["startTimeUtc"] = a.Report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["endTimeUtc"] = a.Report.FinishedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["toolExecutionNotifications"] = new JsonArray(),
        }),
        ["originalUriBaseIds"] = new JsonObject
        {
            [ReportRoot] = new JsonObject { ["description"] = new JsonObject { ["text"] = "the folder holding report.json" } },
            [SpecRoot] = new JsonObject { ["description"] = new JsonObject { ["text"] = "the features/ folder of the requirement catalogue (spec/features)" } },
        },
        ["automationDetails"] = new JsonObject { ["id"] = $"tsa-conformance/{a.Report.Command}/{a.Report.Profile ?? "no-profile"}/" },
        ["properties"] = new JsonObject
        {
            ["verdict"] = a.Verdict,
            ["verdictReason"] = Clean(a.VerdictReason),
            ["profile"] = a.Report.Profile,
            ["target"] = a.Report.Target?.Name is { } t ? Clean(t) : null,
        },
    };

    /// <summary>error / warning / note from the finding's grade (nonconformity / observation / informative).</summary>
    public static string Level(Finding f) => GradeOf(f) switch
    {
        Grades.Nonconformity => "error",
        Grades.Observation => "warning",
        _ => "note",
    };

    private static string GradeOf(Finding f) => f.Grade;

    private static string RuleId(Finding f) => f.View.Scenario.RequirementIds.FirstOrDefault() ?? f.View.Scenario.Id;

    private static string Message(Finding f) =>
        (f.View.Input is null ? "" : f.View.Input + ": ") + f.Summary
        + (f.Expected is null && f.Observed is null ? "" : $" (expected: {f.Expected ?? "-"}; observed: {f.Observed ?? "-"})");

    private static JsonObject PrimaryLocation(Finding f)
    {
        if (f.View.Input is { } input)
        {
            // The stored token as inspect read it (its copy is in evidence/, named in the input's evidence list).
            ReportInput? stored = f.View.ExampleInputs.FirstOrDefault();
            string? copy = stored?.Evidence.FirstOrDefault();
            return copy is not null ? Artifact("evidence/" + copy, ReportRoot, null)
                : new JsonObject { ["physicalLocation"] = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = new Uri(Path.GetFullPath(stored?.File ?? input)).AbsoluteUri } } };
        }

        string location = f.View.Scenario.Location;
        int colon = location.LastIndexOf(':');
        string file = colon > 0 ? location[..colon] : location;
        var physical = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = file, ["uriBaseId"] = SpecRoot } };
        if (colon > 0 && int.TryParse(location[(colon + 1)..], out int line) && line > 0)
        {
            physical["region"] = new JsonObject { ["startLine"] = line };
        }

        return new JsonObject { ["physicalLocation"] = physical };
    }

    private static JsonObject Artifact(string uri, string baseId, int? id)
    {
        var location = new JsonObject
        {
            ["physicalLocation"] = new JsonObject
            {
                ["artifactLocation"] = new JsonObject { ["uri"] = Uri.EscapeDataString(uri).Replace("%2F", "/", StringComparison.Ordinal), ["uriBaseId"] = baseId },
            },
        };
        if (id is { } n)
        {
            location["id"] = n;
        }

        return location;
    }

    /// <summary>Control characters a hostile endpoint put into a message are shown as \xNN, never written raw.</summary>
    private static string Clean(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (char.IsControl(c) && c is not '\n' and not '\t')
            {
                b.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else
            {
                b.Append(c);
            }
        }

        return b.ToString();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Reports.Tests;

/// <summary>
/// findings.sarif (SARIF 2.1.0, validated against the subset schema in Schemas/, see its $comment) and junit.xml without
/// a byte order mark, both written by the publisher beside report.json.
/// </summary>
public sealed class SarifAndJunitExportTests
{
    private const string AccuracyFinding = "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)";

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-2.1.0-subset.schema.json")));

    private static EvaluationResults Validate(JsonNode sarif)
    {
        return Schema.Value.Evaluate(JsonSerializer.SerializeToElement(sarif), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    private static string Errors(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    [Fact]
    public async Task The_publisher_writes_a_valid_sarif_log_with_one_result_per_finding_beside_a_bom_free_junit()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.Fail(r, "TSP-TST-008", AccuracyFinding));

        PublishResult published = await ReportPublisher.PublishAsync(Path.Combine(dir, "report.json"),
            new PublishOptions { Pdf = false, Report = new ReportOptions { SpecDirectory = TestFiles.Spec } }, TestContext.Current.CancellationToken);

        Assert.Contains(Path.Combine(dir, SarifWriter.FileName), published.Files);
        JsonNode sarif = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, SarifWriter.FileName)))!;
        EvaluationResults valid = Validate(sarif);
        Assert.True(valid.IsValid, Errors(valid));

        JsonNode run = sarif["runs"]![0]!;
        JsonNode result = Assert.Single(run["results"]!.AsArray())!;
        Assert.Equal("TSP-TST-008", result["ruleId"]!.GetValue<string>());
        Assert.Equal("error", result["level"]!.GetValue<string>()); // a MUST finding: a nonconformity
        Assert.Equal("fail", result["kind"]!.GetValue<string>());
        Assert.Contains("expected: at most 1 s; observed: 2 s", result["message"]!["text"]!.GetValue<string>());
        string rule = run["tool"]!["driver"]!["rules"]![result["ruleIndex"]!.GetValue<int>()]!["id"]!.GetValue<string>();
        Assert.Equal("TSP-TST-008", rule);
        Assert.Equal("SPECROOT", result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uriBaseId"]!.GetValue<string>());
        Assert.EndsWith(".feature", result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>());

        byte[] junit = File.ReadAllBytes(Path.Combine(dir, JUnitReportWriter.FileName));
        Assert.False(junit.Length >= 3 && junit[0] == 0xEF && junit[1] == 0xBB && junit[2] == 0xBF, "junit.xml starts with a UTF-8 byte order mark");
        Assert.Equal((byte)'<', junit[0]);
    }

    [Fact]
    public void The_subset_schema_refuses_what_sarif_2_1_0_does_not_allow()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.Fail(r, "TSP-TST-008", AccuracyFinding));
        JsonObject sarif = SarifWriter.ToJson(TestFiles.Assess(dir));
        Assert.True(Validate(sarif).IsValid);

        JsonObject wrongLevel = (JsonObject)sarif.DeepClone();
        wrongLevel["runs"]![0]!["results"]![0]!["level"] = "major";
        Assert.False(Validate(wrongLevel).IsValid);

        JsonObject wrongVersion = (JsonObject)sarif.DeepClone();
        wrongVersion["version"] = "2.0.0";
        Assert.False(Validate(wrongVersion).IsValid);

        JsonObject noMessage = (JsonObject)sarif.DeepClone();
        noMessage["runs"]![0]!["results"]![0]!.AsObject().Remove("message");
        Assert.False(Validate(noMessage).IsValid);
    }

    [Fact]
    public void A_control_character_from_the_target_is_shown_as_an_escape_not_written_raw()
    {
        string dir = TestFiles.CopyRun(r => TestFiles.Fail(r, "TSP-TST-008", "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s \u0018 from \u0002TSA)"));
        string text = SarifWriter.ToJson(TestFiles.Assess(dir)).ToJsonString();

        Assert.Contains("\\\\x18", text);
        Assert.Contains("\\\\x02TSA", text);
        Assert.DoesNotContain("\\u0018", text);
    }

    [Fact]
    public void A_passing_run_has_an_empty_result_list_and_a_could_not_check_is_a_notification_not_a_result()
    {
        string dir = TestFiles.CopyRun(r =>
        {
            var scenario = r["scenarios"]!.AsArray()[0]!.AsObject();
            scenario["status"] = "error";
            scenario["message"] = "POST https://tsa.example/ : connection refused";
        });
        JsonObject sarif = SarifWriter.ToJson(TestFiles.Assess(dir));

        Assert.True(Validate(sarif).IsValid, Errors(Validate(sarif)));
        Assert.Empty(sarif["runs"]![0]!["results"]!.AsArray());
        JsonNode invocation = sarif["runs"]![0]!["invocations"]![0]!;
        Assert.False(invocation["executionSuccessful"]!.GetValue<bool>());
        Assert.Contains("connection refused", Assert.Single(invocation["toolExecutionNotifications"]!.AsArray())!["message"]!["text"]!.GetValue<string>());
    }
}

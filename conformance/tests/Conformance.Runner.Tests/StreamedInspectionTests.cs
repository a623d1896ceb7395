using Conformance.Runner.Inspection;
using Conformance.Runner.Reporting;
using Conformance.Runner.Results;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests;

/// <summary>
/// inspect writes each file's results to report.json as the file finishes and keeps only a row per file: the report.json
/// must be exactly the one a single serialisation of the whole report gives, and the rows and findings must agree with it.
/// </summary>
public sealed class StreamedInspectionTests
{
    /// <summary>A good response, one without accuracy (TSP-TST-008 fails) and a page that is not a token.</summary>
    private static string[] ThreeFiles(TempDirectory temp)
    {
        File.WriteAllBytes(temp.Combine("good.tsr"), new StubTsa().IssueResponse());
        File.WriteAllBytes(temp.Combine("no-accuracy.tsr"), new StubTsa(new StubDefects { OmitAccuracy = true }).IssueResponse());
        File.WriteAllText(temp.Combine("page.tst"), "<html>not a token</html>");
        return [temp.Combine("good.tsr"), temp.Combine("no-accuracy.tsr"), temp.Combine("page.tst")];
    }

    [Fact]
    public async Task The_spooled_report_json_is_byte_for_byte_the_whole_report_serialised_at_once()
    {
        using var temp = new TempDirectory();
        string[] files = ThreeFiles(temp);

        InspectionResult result = await ConformanceRunner.InspectFilesAsync(
            files, new RunOptions { OutputDirectory = temp.Combine("out"), FeaturesDirectory = BasicFeatures.Directory }, TestContext.Current.CancellationToken);

        RunReport whole = ReportJson.Read(result.ReportPath);
        Assert.Equal(3, whole.Inputs.Count);
        Directory.CreateDirectory(temp.Combine("again"));
        ReportJson.Write(whole, temp.Combine("again"));
        Assert.Equal(File.ReadAllBytes(temp.Combine("again", ReportJson.FileName)), File.ReadAllBytes(result.ReportPath));
        Assert.DoesNotContain(Directory.GetFiles(temp.Combine("out")), f => f.EndsWith(".partial", StringComparison.Ordinal));

        // The rows kept in memory say what report.json says, file by file.
        Assert.Equal(whole.Inputs.Select(i => (i.File, i.Verdict)), result.Files.Select(f => (f.File, f.Verdict)));
        Assert.Equal(whole.Inputs.Select(i => i.Scenarios.Count(s => s.EffectiveGrade == FindingGrade.Nonconformity)), result.Files.Select(f => f.Nonconformities));
        Assert.NotNull(result.Files[2].Error);
        Assert.Equal(whole.Inputs[2].Scenarios.Count(s => s.Status == ScenarioStatus.Error) + 1, result.Files[2].Errors);
        Assert.Equal(ResultCounts.Of(whole.AllScenarios), result.Report.Summary);
        Assert.Equal(VerdictRules.Decide([.. whole.AllScenarios], whole.Problems).Verdict, result.Report.Verdict);
        Assert.Empty(result.Report.Inputs);

        FindingGroup accuracy = Assert.Single(result.Findings, g => g.Label == "NONCONFORMITY");
        Assert.Equal(["no-accuracy.tsr"], accuracy.NamedFiles);
        Assert.StartsWith("TSP-TST-008", accuracy.RequirementIds, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_generated_serialisation_writes_the_bytes_the_reflection_based_one_writes()
    {
        using var temp = new TempDirectory();
        RunReport report = await ConformanceRunner.InspectAsync(ThreeFiles(temp),
            new RunOptions { OutputDirectory = temp.Combine("out") }, TestContext.Current.CancellationToken);
        var reflection = new System.Text.Json.JsonSerializerOptions
        {
            PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };

        // Findings, messages, steps, evidence, token summaries and nulls of three different files, and the whole report.
        Assert.All(report.Inputs, input => Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(input, reflection), System.Text.Json.JsonSerializer.Serialize(input, ReportJsonContext.Default.InputResult)));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(report, reflection), System.Text.Json.JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport));
        Assert.Contains(report.Inputs, i => i.Scenarios.Any(s => s.Findings.Count > 0));
    }

    [Fact]
    public void A_tally_built_one_result_at_a_time_decides_as_the_rules_over_the_list()
    {
        ScenarioResult Result(string id, ScenarioStatus status, FindingGrade? grade = null, string severity = "must", string? message = null) => new()
        {
            Id = id, Feature = "f", Name = id, Location = "f:1", RequirementIds = [id], Severity = severity, Status = status, Grade = grade, Message = message,
        };
        ScenarioResult[] results =
        [
            Result("A", ScenarioStatus.Passed),
            Result("B", ScenarioStatus.Failed, FindingGrade.Observation),
            Result("TSP-CERT-009", ScenarioStatus.NotApplicable, message: "no trust anchors given"),
            Result("C", ScenarioStatus.Skipped),
            Result("D", ScenarioStatus.Failed, FindingGrade.Nonconformity),
            Result("E", ScenarioStatus.Error),
        ];

        var tally = new VerdictTally();
        foreach (ScenarioResult r in results)
        {
            tally.Add(r);
        }

        (Verdict verdict, string reason) = tally.Decide([], strict: false);
        Assert.Equal(Verdict.NonConformant, verdict);
        Assert.Equal("1 nonconformity: D; 1 observation(s): B; " + VerdictRules.ChainNotCheckedNote, reason);
        Assert.Equal(new ResultCounts(6, 1, 2, 1, 1, 1, 0, 1, 1, 0), tally.Counts);
        Assert.Equal((Verdict.Incomplete, "1 scenario(s) could not be checked: E"), VerdictTally.Of(results.Where(r => r.Id is "A" or "E")).Decide([], false));
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Conformance.Runner.Reporting;
using Conformance.Runner.Results;
using Conformance.Steps.Context;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests;

public sealed class RunAgainstStubTsaTests
{
    static RunAgainstStubTsaTests() => Environment.SetEnvironmentVariable("REQNROLL_TELEMETRY_ENABLED", "0");

    private static async Task<RunReport> RunAsync(Uri url, string outputDirectory)
    {
        var options = new RunOptions { OutputDirectory = outputDirectory, FeaturesDirectory = BasicFeatures.Directory };
        return await ConformanceRunner.RunAsync(TargetDefinition.FromUrls(url, null), options, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_well_behaved_tsa_is_conformant_and_every_scenario_passes()
    {
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa();

        RunReport report = await RunAsync(tsa.Url, temp.Path);

        // Only --url was given: the scenario row for the qualified service does not apply, everything else passes.
        var notApplicable = Assert.Single(report.Scenarios, s => s.Status == ScenarioStatus.NotApplicable);
        Assert.Equal("A valid version 1 request with a SHA-256 imprint is granted by the qualified service", notApplicable.Name);
        Assert.Contains("no qualified URL is declared", notApplicable.Message);
        Assert.All(report.Scenarios.Where(s => s != notApplicable), s => Assert.True(s.Status == ScenarioStatus.Passed, $"{s.Name}: {s.Status} {s.Message}"));
        Assert.Equal(Verdict.Conformant, report.Verdict);
        Assert.Contains(report.Scenarios, s => s.RequirementIds.Contains("TSP-REQ-002"));
        Assert.Contains(report.Scenarios, s => s.RequirementIds.Contains("TSP-TST-008"));
        Assert.All(report.Scenarios, s => Assert.NotEmpty(s.Steps));
        Assert.All(report.Scenarios.Where(s => s != notApplicable).SelectMany(s => s.Steps), step => Assert.Equal("passed", step.Status));
        Assert.Equal(["not-applicable", "skipped", "skipped"], notApplicable.Steps.Select(step => step.Status));
    }

    [Fact]
    public async Task Report_json_is_written_and_the_manifest_matches_the_evidence_files()
    {
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa();

        RunReport report = await RunAsync(tsa.Url, temp.Path);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(temp.Combine("report.json")));
        Assert.Equal("conformant", json.RootElement.GetProperty("verdict").GetString());
        JsonElement first = json.RootElement.GetProperty("scenarios")[0];
        foreach (string property in new[] { "name", "requirementIds", "status", "message", "evidence" })
        {
            Assert.True(first.TryGetProperty(property, out _), $"report.json scenarios lack '{property}'");
        }

        string[] manifest = File.ReadAllLines(temp.Combine("evidence", "MANIFEST.sha256"));
        var listed = manifest.Select(l => l.Split("  ", 2)).ToDictionary(p => p[1], p => p[0]);
        var referenced = report.Scenarios.SelectMany(s => s.Evidence).ToList();
        Assert.NotEmpty(referenced);
        foreach (string file in referenced)
        {
            Assert.True(listed.TryGetValue(file, out string? hash), $"{file} is not in the manifest");
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(temp.Combine("evidence", file)))));
        }

        Assert.Contains(referenced, f => f.EndsWith(".tsq", StringComparison.Ordinal));
        Assert.Contains(referenced, f => f.EndsWith(".tsr", StringComparison.Ordinal));
        Assert.Contains(referenced, f => f.EndsWith(".tst", StringComparison.Ordinal));
        Assert.Contains(referenced, f => f.EndsWith(".cer", StringComparison.Ordinal));

        RunReport reread = ReportJson.Read(temp.Combine("report.json"));
        Assert.Equal(report.Verdict, reread.Verdict);
        Assert.Equal(report.Scenarios.Count, reread.Scenarios.Count);
    }

    [Fact]
    public async Task The_qualified_url_is_used_for_the_qualified_service()
    {
        using var temp = new TempDirectory();
        await using var plain = new StubTsa();
        await using var qualified = new StubTsa();
        var options = new RunOptions { OutputDirectory = temp.Path, Selection = new() { RequirementIds = ["TSP-REQ-001"] } };

        RunReport report = await ConformanceRunner.RunAsync(TargetDefinition.FromUrls(plain.Url, qualified.Url), options, TestContext.Current.CancellationToken);

        Assert.Equal(2, report.Scenarios.Count);
        Assert.All(report.Scenarios, s => Assert.Equal(ScenarioStatus.Passed, s.Status));
        string transcript(string name) => File.ReadAllText(temp.Combine("evidence",
            report.Scenarios.Single(s => s.Name.EndsWith(name, StringComparison.Ordinal)).Evidence.Single(f => f.EndsWith("-http.txt", StringComparison.Ordinal))));
        Assert.StartsWith($"POST {qualified.Url}", transcript("by the qualified service"));
        Assert.StartsWith($"POST {plain.Url}", transcript("by the non-qualified service"));
    }

    [Fact]
    public async Task A_cancelled_run_still_writes_its_report_and_is_incomplete()
    {
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        RunReport report = await ConformanceRunner.RunAsync(TargetDefinition.FromUrls(tsa.Url, null), new RunOptions { OutputDirectory = temp.Path }, cancelled.Token);

        Assert.All(report.Scenarios, s => Assert.Equal(ScenarioStatus.Skipped, s.Status));
        Assert.All(report.Scenarios, s => Assert.Contains("cancelled", s.Message));
        Assert.Equal(Verdict.Incomplete, report.Verdict);
        Assert.True(File.Exists(temp.Combine("report.json")));
    }

    [Theory]
    [InlineData("TSP-TST-008", nameof(StubDefects.OmitAccuracy))]
    [InlineData("TSP-TST-008", nameof(StubDefects.AccuracySeconds))]
    [InlineData("TSP-REQ-004", nameof(StubDefects.AlwaysIncludeCertificates))]
    [InlineData("TSP-REQ-002", nameof(StubDefects.AlterNonce))]
    [InlineData("TSP-HTTP-001", nameof(StubDefects.ContentType))]
    public async Task A_defect_fails_exactly_the_scenarios_of_its_requirement(string requirement, string defect)
    {
        var defects = defect switch
        {
            nameof(StubDefects.OmitAccuracy) => new StubDefects { OmitAccuracy = true },
            nameof(StubDefects.AccuracySeconds) => new StubDefects { AccuracySeconds = 2 },
            nameof(StubDefects.AlwaysIncludeCertificates) => new StubDefects { AlwaysIncludeCertificates = true },
            nameof(StubDefects.AlterNonce) => new StubDefects { AlterNonce = true },
            _ => new StubDefects { ContentType = "application/octet-stream" },
        };
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa(defects);

        RunReport report = await RunAsync(tsa.Url, temp.Path);

        Assert.Equal(Verdict.NonConformant, report.Verdict);
        var failed = report.Scenarios.Where(s => s.Status == ScenarioStatus.Failed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, s => Assert.Contains(requirement, s.RequirementIds));
        Assert.All(failed, s => Assert.StartsWith(requirement + ":", s.Message));
        Assert.All(report.Scenarios.Where(s => !s.RequirementIds.Contains(requirement)), s => Assert.True(
            s.Status is ScenarioStatus.Passed or ScenarioStatus.NotApplicable, $"{s.Name}: {s.Status} {s.Message}"));
    }

    [Fact]
    public async Task The_profiles_policy_is_requested_and_judged_when_the_target_declares_none()
    {
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa();
        var selection = new Conformance.Runner.Selection.ScenarioSelection { RequirementIds = ["TSP-REQ-005"] };
        var withProfile = new RunOptions { OutputDirectory = temp.Combine("etsi"), Selection = selection, ProfilePolicyOids = ["0.4.0.2023.1.1"] };
        var withoutProfile = new RunOptions { OutputDirectory = temp.Combine("none"), Selection = selection };

        RunReport judged = await ConformanceRunner.RunAsync(TargetDefinition.FromUrls(tsa.Url, null), withProfile, TestContext.Current.CancellationToken);
        RunReport nothing = await ConformanceRunner.RunAsync(TargetDefinition.FromUrls(tsa.Url, null), withoutProfile, TestContext.Current.CancellationToken);

        // The stub grants any requested policy and puts it in the token: BTSP, named by the profile, is judged and passes.
        Assert.Equal(ScenarioStatus.Passed, Assert.Single(judged.Scenarios).Status);
        Assert.Equal(ScenarioStatus.NotApplicable, Assert.Single(nothing.Scenarios).Status);
    }

    [Fact]
    public async Task A_refused_valid_request_is_TSP_REQ_001s_finding_and_the_checks_that_needed_a_token_are_not_judged()
    {
        using var temp = new TempDirectory();
        await using var tsa = new StubTsa(new StubDefects { RefuseEverything = true });
        var options = new RunOptions
        {
            OutputDirectory = temp.Path,
            Selection = new Conformance.Runner.Selection.ScenarioSelection { RequirementIds = ["TSP-REQ-001", "TSP-REQ-003", "TSP-REQ-015"] },
        };

        RunReport report = await ConformanceRunner.RunAsync(TargetDefinition.FromUrls(tsa.Url, null), options, TestContext.Current.CancellationToken);

        ScenarioResult granted = Assert.Single(report.Scenarios, s => s.RequirementIds.Contains("TSP-REQ-001") && s.Status != ScenarioStatus.NotApplicable);
        Assert.Equal(ScenarioStatus.Failed, granted.Status);
        Assert.StartsWith("TSP-REQ-001: a valid request was not granted", granted.Message);
        foreach (string id in new[] { "TSP-REQ-003", "TSP-REQ-015" })
        {
            ScenarioResult dependent = Assert.Single(report.Scenarios, s => s.RequirementIds.Contains(id));
            Assert.Equal(ScenarioStatus.Error, dependent.Status);
            Assert.Contains("not judged", dependent.Message);
            Assert.Contains("TSP-REQ-001's finding", dependent.Message);
        }
    }
}

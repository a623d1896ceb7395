using Conformance.Runner;
using Conformance.Runner.Host;
using Conformance.Runner.Results;

namespace Conformance.Suite.Tests;

/// <summary>
/// Every scenario of spec/features is one xunit test case, run against the reference TSA, or against the TSA named by
/// the environment variable TSA_CONFORMANCE_TARGET (URL or target file; see <see cref="ExternalTarget"/>). Test names read
/// "Feature: scenario [requirement IDs]"; traits allow <c>dotnet test --filter "Requirement=TSP-REQ-002"</c> or
/// <c>--filter "Category=token"</c>.
/// </summary>
public sealed class ScenarioTests(ReferenceTsaTarget target, ITestOutputHelper output)
{
    private static readonly Lazy<FeatureSet> Features = new(() => FeatureLoader.LoadDirectory(RunOptions.DefaultFeaturesDirectory));

    public static IEnumerable<TheoryDataRow<string>> Scenarios()
    {
        if (Features.Value.Errors.Count > 0)
        {
            // A broken feature file must not silently shrink the suite.
            yield return new TheoryDataRow<string>("!errors") { TestDisplayName = "Feature files parse without errors" };
        }

        foreach (ScenarioCase scenario in Features.Value.Scenarios)
        {
            var traits = new Dictionary<string, HashSet<string>>
            {
                ["Category"] = [.. scenario.Tags.Where(t => !t.Contains(':'))],
                ["Requirement"] = [.. scenario.RequirementIds],
                ["Feature"] = [scenario.Feature.Title],
            };
            string ids = scenario.RequirementIds.Count > 0 ? $" [{string.Join(", ", scenario.RequirementIds)}]" : "";
            yield return new TheoryDataRow<string>(scenario.Id)
            {
                TestDisplayName = scenario.DisplayName + ids,
                Skip = scenario.IsIgnored ? "@ignore" : null,
                Traits = traits,
            };
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario(string id)
    {
        if (id == "!errors")
        {
            Assert.Fail(string.Join(Environment.NewLine, Features.Value.Errors));
        }

        ScenarioCase scenario = Features.Value.Scenarios.Single(s => s.Id == id);
        ScenarioResult result = await ConformanceRunner.RunOneAsync(target.Host, scenario, target.ScenarioService, target.Evidence);
        if (target.ExternalTargetName is { } external)
        {
            output.WriteLine($"target: {external} ({ExternalTarget.TargetVariable})");
        }

        await target.Host.ReleaseFeatureAsync(scenario.Feature);

        output.WriteLine($"{scenario.Location}  {string.Join(" ", scenario.Tags.Select(t => "@" + t))}");
        foreach (StepResult step in result.Steps)
        {
            output.WriteLine($"{step.Status,-9} {step.Keyword} {step.Text} ({step.DurationMs:F1} ms){(step.Message is null ? "" : Environment.NewLine + "          " + step.Message)}");
        }

        foreach (string file in result.Evidence)
        {
            output.WriteLine($"evidence: {file}");
        }

        switch (result.Status)
        {
            case ScenarioStatus.Passed:
                return;
            case ScenarioStatus.Skipped:
            case ScenarioStatus.NotApplicable:
                Assert.Skip($"{result.Status.ToText()}: {result.Message}");
                break;
            case ScenarioStatus.NeedsEvidence when target.ExternalTargetName is not null:
                // Another TSA gives no HSM access or operator control: attested evidence, not a failure of the release gate.
                Assert.Skip($"needs-evidence: {result.Message}");
                break;
            case ScenarioStatus.Failed:
                // The reference TSA is held to every check: an observation fails its test here too, named as such.
                Assert.Fail($"{result.EffectiveGrade?.ToText() ?? "failed"} ({result.GradeReason}): {result.Message}");
                break;
            default:
                Assert.Fail($"error (the check could not be made): {result.Message}");
                break;
        }
    }
}

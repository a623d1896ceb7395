using Conformance.Checks.Transport;
using Conformance.Runner;
using Conformance.Runner.Host;
using Conformance.Runner.Results;
using Conformance.Steps.Context;

namespace Conformance.Suite.Tests.Reference;

/// <summary>Runs the scenarios of one white-box feature file against a given service, as `run` would.</summary>
internal static class WhiteBoxRuns
{
    private static readonly Lazy<FeatureSet> Features = new(() => FeatureLoader.LoadDirectory(RunOptions.DefaultFeaturesDirectory));

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(ReferenceTsaTarget target, string featureFile, ServiceUnderTest service, ITestOutputHelper output)
    {
        var scenarios = Features.Value.Scenarios.Where(s => s.Feature.RelativePath.Replace('\\', '/').EndsWith(featureFile, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(scenarios);
        var results = new List<ScenarioResult>();
        foreach (ScenarioCase scenario in scenarios)
        {
            ScenarioResult result = await ConformanceRunner.RunOneAsync(target.Host, scenario, service, target.Evidence);
            output.WriteLine($"{result.Status.ToText(),-15} {scenario.Name}: {result.Message}");
            results.Add(result);
        }

        await target.Host.ReleaseFeatureAsync(scenarios[0].Feature);
        return results;
    }

    /// <summary>The fixture's reference TSA with other white-box declarations (no HSM access, another operator control, ...).</summary>
    public static ServiceUnderTest With(ReferenceTsaTarget target, Func<TargetDefinition, TargetDefinition> change) =>
        ServiceUnderTest.Online(target.Service.RequireClient(), target.Service.NonQualifiedUrl, target.Service.QualifiedUrl, change(target.Service.Declarations));

    public static string EvidenceText(ReferenceTsaTarget target, ScenarioResult result, string contains) =>
        File.ReadAllText(Path.Combine(target.Evidence.Directory, result.Evidence.Single(f => f.Contains(contains, StringComparison.Ordinal))));
}

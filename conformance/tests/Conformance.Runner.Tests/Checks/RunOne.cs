using Conformance.Runner.Results;
using Conformance.Steps.Context;

namespace Conformance.Runner.Tests.Checks;

/// <summary>Runs the scenarios of one requirement from spec/features against a target and returns their results.</summary>
internal static class RunOne
{
    static RunOne() => Environment.SetEnvironmentVariable("REQNROLL_TELEMETRY_ENABLED", "0");

    public static async Task<IReadOnlyList<ScenarioResult>> RequirementAsync(string id, TargetDefinition target, string outputDirectory)
    {
        var options = new RunOptions { OutputDirectory = outputDirectory, Selection = new() { RequirementIds = [id] } };
        RunReport report = await ConformanceRunner.RunAsync(target, options, TestContext.Current.CancellationToken);
        Assert.NotEmpty(report.Scenarios);
        return report.Scenarios;
    }
}

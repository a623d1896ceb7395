using Conformance.Runner;
using Conformance.Runner.Host;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;
using Conformance.Targets.Reference;
using Conformance.Targets.Reference.Keys;

[assembly: AssemblyFixture(typeof(Conformance.Defects.Tests.DefectTarget))]

namespace Conformance.Defects.Tests;

/// <summary>
/// Once per test assembly: runs the conformance runner on chosen requirements against the reference TSA (the adapter's
/// <see cref="ReferenceTarget"/>) started in-process with the given defects. The TSU keys are software keys made once
/// and copied for every start, so each defect gets a fresh TSA without generating keys again.
/// </summary>
public sealed class DefectTarget : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("tsa-conformance-defects-").FullName;
    private int _runs;

    public ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("REQNROLL_TELEMETRY_ENABLED", "0");
        ReferenceKeyStore.SoftwareCopies();
        return ValueTask.CompletedTask;
    }

    /// <summary>Starts the reference TSA with <paramref name="defects"/> and runs the scenarios of <paramref name="requirementIds"/>.</summary>
    public async Task<(RunReport Report, string OutputDirectory)> RunAsync(IReadOnlyList<string> defects, IReadOnlyList<string> requirementIds,
        CancellationToken cancellationToken)
    {
        string run = Path.Combine(_root, $"run-{Interlocked.Increment(ref _runs):D3}-{(defects.Count == 0 ? "baseline" : string.Join("+", defects))}");
        // As `run --target reference` declares the embedded TSA, without the white-box access; the development trusted
        // list as the TSA wrote it at this start (its trusted-list defects applied), for TSP-QTS-006.
        await using ReferenceTarget tsa = await ReferenceTarget.StartAsync(new ReferenceTargetSetup
        {
            Keys = ReferenceKeyStore.SoftwareCopies(),
            DataDirectory = Path.Combine(run, "tsa-data"),
            Defects = defects,
            WhiteBox = false,
        }, cancellationToken);
        string output = Path.Combine(run, "report");
        var options = new RunOptions
        {
            OutputDirectory = output,
            Selection = new ScenarioSelection { RequirementIds = requirementIds },
        };
        RunReport report = await ConformanceRunner.RunAsync(tsa.WithTrustedListsLoaded(), options, cancellationToken);
        return (report, output);
    }

    /// <summary>The scenarios of the features the runner uses.</summary>
    public static IReadOnlyList<ScenarioCase> Scenarios() => [.. FeatureLoader.LoadDirectory(RunOptions.DefaultFeaturesDirectory).Scenarios];

    public async ValueTask DisposeAsync()
    {
        await ReqnrollHost.ShutdownAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

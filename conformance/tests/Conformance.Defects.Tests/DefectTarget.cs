using System.Security.Cryptography.X509Certificates;
using Conformance.Runner;
using Conformance.Runner.Host;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;
using Conformance.Runner.Targets;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;

[assembly: AssemblyFixture(typeof(Conformance.Defects.Tests.DefectTarget))]

namespace Conformance.Defects.Tests;

/// <summary>
/// Once per test assembly: a development data directory (dev root CA, two TSUs with software keys) created once and
/// copied for every TSA start, so each defect gets a fresh TSA without generating keys again. Runs the conformance
/// runner on chosen requirements against the reference TSA started in-process with the given defects.
/// </summary>
public sealed class DefectTarget : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("tsa-conformance-defects-").FullName;
    private int _runs;

    private string Template => Path.Combine(_root, "template");

    public ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("REQNROLL_TELEMETRY_ENABLED", "0");
        EmbeddedDefault.Initialize(Template, new EmbeddedDefault.Options());
        return ValueTask.CompletedTask;
    }

    /// <summary>Starts the reference TSA with <paramref name="defects"/> and runs the scenarios of <paramref name="requirementIds"/>.</summary>
    public async Task<(RunReport Report, string OutputDirectory)> RunAsync(IReadOnlyList<string> defects, IReadOnlyList<string> requirementIds,
        CancellationToken cancellationToken)
    {
        string run = Path.Combine(_root, $"run-{Interlocked.Increment(ref _runs):D3}-{(defects.Count == 0 ? "baseline" : string.Join("+", defects))}");
        string data = Path.Combine(run, "tsa-data");
        Directory.CreateDirectory(data);
        foreach (string file in Directory.EnumerateFiles(Template))
        {
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        }

        await using EmbeddedTsa tsa = await EmbeddedTsa.StartAsync(data, new EmbeddedDefault.Options(),
            options => options.Defects = defects.Count == 0 ? null : [.. defects], cancellationToken);
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(tsa.RootCaPemPath);
        var target = new TargetDefinition
        {
            Name = $"reference TSA with defects [{string.Join(", ", defects)}] at {tsa.BaseAddress}",
            Url = tsa.NonQualifiedUrl,
            QualifiedUrl = tsa.QualifiedUrl,
            TsaName = "reference-tsa",
            PolicyOids = tsa.PolicyOids,
            Accuracy = TimeSpan.FromSeconds(1),
            SupportedHashes = ["SHA-256", "SHA-384", "SHA-512"],
            TrustAnchors = anchors,
            TrustAnchorFiles = [tsa.RootCaPemPath],
        };
        string output = Path.Combine(run, "report");
        var options = new RunOptions
        {
            OutputDirectory = output,
            Selection = new ScenarioSelection { RequirementIds = requirementIds, Strict = true },
        };
        RunReport report = await ConformanceRunner.RunAsync(target, options, cancellationToken);
        return (report, output);
    }

    /// <summary>The requirement IDs that have at least one scenario in the features the runner uses.</summary>
    public static IReadOnlySet<string> RequirementsWithScenarios() =>
        FeatureLoader.LoadDirectory(RunOptions.DefaultFeaturesDirectory).Scenarios.SelectMany(s => s.RequirementIds).ToHashSet(StringComparer.Ordinal);

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

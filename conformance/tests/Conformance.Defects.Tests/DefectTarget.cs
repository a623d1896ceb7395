using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Disclosure;
using Conformance.Checks.Revocation;
using Conformance.Checks.Time;
using Conformance.Checks.Transport;
using Conformance.Runner;
using Conformance.Runner.Host;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;
using Conformance.Steps.Context;
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
        // As `run --target reference` declares the embedded TSA (Conformance.Cli ReferenceTarget), without the white-box access.
        var target = new TargetDefinition
        {
            Name = $"reference TSA with defects [{string.Join(", ", defects)}] at {tsa.HttpsBaseAddress ?? tsa.BaseAddress}",
            Url = tsa.HttpsNonQualifiedUrl ?? tsa.NonQualifiedUrl,
            QualifiedUrl = tsa.HttpsQualifiedUrl ?? tsa.QualifiedUrl,
            Http = new TsaHttpOptions { ServerTrustAnchors = anchors },
            Disclosure = DisclosureStatementReader.Load(tsa.DisclosureStatementPath),
            Revocation = new RevocationSettings { CrlFiles = [tsa.RootCaCrlPath] },
            Clock = ClockReferenceSettings.SameHostAsTsa,
            TsaName = "reference-tsa",
            PolicyOids = tsa.PolicyOids,
            Accuracy = TimeSpan.FromSeconds(1),
            SupportedHashes = ["SHA-256", "SHA-384", "SHA-512"],
            TrustAnchors = anchors,
            TrustAnchorFiles = [tsa.RootCaPemPath],
            // The development trusted list as the TSA wrote it at this start (its trusted-list defects applied), for TSP-QTS-006.
            TrustedLists = new Conformance.TrustedLists.Authenticity.TrustedListSources
            {
                Lists = [tsa.TrustedListPath], ListOfLists = tsa.ListOfListsPath, ListOfListsSigners = [tsa.ListOfListsSignerPath],
            }.Load(),
        };
        string output = Path.Combine(run, "report");
        var options = new RunOptions
        {
            OutputDirectory = output,
            Selection = new ScenarioSelection { RequirementIds = requirementIds },
        };
        RunReport report = await ConformanceRunner.RunAsync(target, options, cancellationToken);
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

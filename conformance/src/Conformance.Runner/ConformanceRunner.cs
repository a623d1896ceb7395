using System.Collections.Concurrent;
using Conformance.Checks.Evidence;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;
using Conformance.Runner.Grading;
using Conformance.Runner.Host;
using Conformance.Runner.Progress;
using Conformance.Runner.Reporting;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;
using Conformance.Steps.Context;
using Reqnroll.BoDi;

namespace Conformance.Runner;

/// <summary>Settings shared by <c>run</c> and <c>inspect</c>.</summary>
public sealed record RunOptions
{
    /// <summary>Folder holding the .feature files; by default the copy next to the executable.</summary>
    public string FeaturesDirectory { get; init; } = DefaultFeaturesDirectory;

    public required string OutputDirectory { get; init; }
    public ScenarioSelection Selection { get; init; } = new();

    /// <summary>How many features run at the same time (scenarios within one feature run in order).</summary>
    public int MaxParallelFeatures { get; init; } = DefaultParallelism;

    /// <summary>Features are network-bound: twice the cores, at least 2, at most 8.</summary>
    public static int DefaultParallelism => Math.Clamp(Environment.ProcessorCount * 2, 2, 8);

    public IRunProgress Progress { get; init; } = NoProgress.Instance;

    /// <summary>inspect --data: the data the stored tokens are expected to time-stamp (imprint check per token).</summary>
    public string? DataFile { get; init; }

    /// <summary>EU trusted lists for TSP-QTS-006 when inspecting stored tokens (a live run takes them from its target).</summary>
    public Conformance.TrustedLists.Authenticity.TrustedListSet TrustedLists { get; init; } = Conformance.TrustedLists.Authenticity.TrustedListSet.Empty;

    /// <summary>Level and confidence of each requirement, for grading findings; by default the catalogue found from here, no profile.</summary>
    public RequirementWeights Weights { get; init; } = RequirementWeights.Default;

    /// <summary>inspect only: trust anchors for the TSU certificate's path (TSP-CERT-009); a run takes them from its target.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection TrustAnchors { get; init; } = [];

    /// <summary>Which grade makes the exit code 1; recorded in report.json.</summary>
    public FindingGrade FailOn { get; init; } = FindingGrade.Nonconformity;

    /// <summary>The policy OIDs the run's profile names (policy_oids, e.g. BTSP under etsi); requested besides the declared ones.</summary>
    public IReadOnlyList<string> ProfilePolicyOids { get; init; } = [];

    public static string DefaultFeaturesDirectory => Path.Combine(AppContext.BaseDirectory, "features");

    /// <summary>A new folder per run: ./tsa-conformance-out/yyyyMMdd-HHmmss(-n).</summary>
    public static string NewTimestampedOutputDirectory(string parent = "tsa-conformance-out")
    {
        string stem = Path.Combine(parent, DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        string candidate = stem;
        for (int n = 2; Directory.Exists(candidate); n++)
        {
            candidate = $"{stem}-{n}";
        }

        return Path.GetFullPath(candidate);
    }
}

/// <summary>
/// Runs the selected scenarios against a live target (<see cref="RunAsync"/>) or against stored tokens
/// (<see cref="InspectAsync"/>) and writes report.json and evidence/MANIFEST.sha256 into the output folder (the CLI renders
/// junit.xml and the other reports from report.json through the Reports library).
/// A misbehaving target never stops the run: every scenario gets a result and the report is always written.
/// </summary>
public static class ConformanceRunner
{
    public static async Task<RunReport> RunAsync(TargetDefinition target, RunOptions options, CancellationToken cancellationToken = default)
    {
        DateTimeOffset started = DateTimeOffset.Now;
        FeatureSet features = FeatureLoader.LoadDirectory(options.FeaturesDirectory);
        var selected = features.Scenarios.Where(options.Selection.Includes).ToList();
        var store = new EvidenceStore(Path.Combine(options.OutputDirectory, "evidence"));

        using var http = new TsaHttpClient(target.Http);
        var client = new TsaClient(http);
        var service = ServiceUnderTest.Online(client, target.Url, target.QualifiedUrl, target with { ProfilePolicyOids = options.ProfilePolicyOids }, cancellationToken);

        options.Progress.RunStarted($"Running against {target.Name}", selected.Count);
        IReadOnlyList<ScenarioResult> results = await ExecuteAsync(selected, _ => service, store, options, cancellationToken).ConfigureAwait(false);

        // A cap on stored evidence reached (a hostile response, e.g. hundreds of certificates) is a problem of the run.
        IReadOnlyList<string> runProblems = [.. features.Errors, .. store.CapHits];
        (Verdict verdict, string reason) = VerdictRules.Decide(results, runProblems, options.Selection.Strict);
        var report = Report("run", options, started, verdict, reason, ResultCounts.Of(results), runProblems) with
        {
            Target = new TargetSummary(target.Name, target.Url?.ToString(), target.QualifiedUrl?.ToString(), target.SourceFile,
                target.Http.InsecureSkipServerCertificateValidation, target.Http.MaxRequestsPerSecond),
            Scenarios = results,
        };
        WriteOutputs(report, store, options.OutputDirectory);
        return report;
    }

    /// <summary>
    /// Runs the token-level (@token) scenarios over each stored token, each file on its own, writing each file's results
    /// to report.json as it finishes; in memory only a row per file, the verdict and the aggregated findings remain.
    /// </summary>
    public static Task<Inspection.InspectionResult> InspectFilesAsync(IReadOnlyList<string> files, RunOptions options, CancellationToken cancellationToken = default) =>
        Inspection.TokenInspection.InspectAsync(files, options, cancellationToken);

    /// <summary>
    /// <see cref="InspectFilesAsync"/>, then the whole report with every file's scenario results read back from report.json:
    /// for callers that want them all in memory (a few files; use <see cref="InspectFilesAsync"/> for an archive).
    /// </summary>
    public static async Task<RunReport> InspectAsync(IReadOnlyList<string> files, RunOptions options, CancellationToken cancellationToken = default)
    {
        Inspection.InspectionResult result = await InspectFilesAsync(files, options, cancellationToken).ConfigureAwait(false);
        return ReportJson.Read(result.ReportPath);
    }

    /// <summary>report.json's header for <paramref name="command"/>: what was selected and how, the verdict and the counts.</summary>
    internal static RunReport Report(string command, RunOptions options, DateTimeOffset started, Verdict verdict, string reason, ResultCounts summary, IReadOnlyList<string> problems) => new()
    {
        Command = command,
        StartedAt = started,
        FinishedAt = DateTimeOffset.Now,
        Profile = options.Selection.Profile,
        Strict = options.Selection.Strict,
        FailOn = options.FailOn,
        SelectedTags = options.Selection.Tags,
        SelectedRequirements = options.Selection.RequirementIds,
        Verdict = verdict,
        VerdictReason = reason,
        Summary = summary,
        Problems = problems,
    };

    /// <summary>Writes report.json (with the run's environment; inspect's per-file results from their spool) and the evidence manifest.</summary>
    public static string WriteOutputs(RunReport report, EvidenceStore? store, string directory, InputSpool? inputs = null)
    {
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(Path.Combine(directory, "evidence"));
        if (store is not null)
        {
            store.WriteManifest();
        }

        return inputs is null ? ReportJson.Write(report, directory) : ReportJson.Write(report, directory, inputs);
    }

    /// <summary>
    /// Feature-level parallelism (docs/running-reqnroll.md §6): features run concurrently, the scenarios of a feature in file order on
    /// one worker, then [AfterFeature]. Results come back in feature-file order.
    /// </summary>
    private static async Task<IReadOnlyList<ScenarioResult>> ExecuteAsync(
        IReadOnlyList<ScenarioCase> scenarios, Func<ScenarioCase, ServiceUnderTest> serviceFor, EvidenceStore store, RunOptions options,
        CancellationToken cancellationToken)
    {
        if (scenarios.Count == 0)
        {
            return [];
        }

        ReqnrollHost host = await ReqnrollHost.GetAsync().ConfigureAwait(false);
        var results = new ConcurrentDictionary<ScenarioCase, ScenarioResult>();
        int started = 0, finished = 0;
        var byFeature = scenarios.GroupBy(s => s.Feature).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelFeatures) };
        await Parallel.ForEachAsync(byFeature, parallel, async (feature, _) =>
        {
            foreach (ScenarioCase scenario in feature)
            {
                options.Progress.ScenarioStarted(Interlocked.Increment(ref started), scenarios.Count, scenario);
                ScenarioResult result = await RunOrCancelAsync(host, scenario, serviceFor(scenario), store, options, cancellationToken).ConfigureAwait(false);
                results[scenario] = result;
                options.Progress.ScenarioFinished(Interlocked.Increment(ref finished), scenarios.Count, scenario, result);
            }

            await host.ReleaseFeatureAsync(feature.Key).ConfigureAwait(false);
        }).ConfigureAwait(false);

        return [.. scenarios.Select(s => results[s])];
    }

    /// <summary>Runs one scenario with the run's severity, weights and strictness, or records it as cancelled.</summary>
    internal static Task<ScenarioResult> RunOrCancelAsync(
        ReqnrollHost host, ScenarioCase scenario, ServiceUnderTest service, EvidenceStore store, RunOptions options, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? Task.FromResult(Cancelled(scenario, options.Selection.SeverityOf(scenario)))
            : RunOneAsync(host, scenario, service, store, options.Selection.SeverityOf(scenario), options.Weights, options.Selection.Strict);

    /// <summary>Runs one scenario through Reqnroll and grades its finding; also the entry point of the xunit host.</summary>
    /// <param name="weights">Level and confidence per requirement; null: <see cref="RequirementWeights.Default"/>.</param>
    /// <param name="strict">Observations count as nonconformities.</param>
    public static async Task<ScenarioResult> RunOneAsync(
        ReqnrollHost host, ScenarioCase scenario, ServiceUnderTest service, IEvidenceSink store, string? severity = null,
        RequirementWeights? weights = null, bool strict = false)
    {
        var run = new ScenarioRun(scenario, service, store, weights);
        ScenarioOutcome outcome = await host.RunScenarioAsync(scenario, run.Register).ConfigureAwait(false);
        return run.Result(outcome, severity, strict);
    }

    /// <summary>
    /// inspect: runs one scenario once over several stored files (<see cref="ReqnrollHost.RunScenarioBatchAsync"/>), each
    /// file with its own target, evidence and state; one result per file, in order, each graded as <see cref="RunOneAsync"/> would.
    /// </summary>
    internal static async Task<ScenarioResult[]> RunBatchAsync(
        ReqnrollHost host, ScenarioCase scenario, IReadOnlyList<ServiceUnderTest> services, IEvidenceSink store, RunOptions options)
    {
        ScenarioRun[] runs = [.. services.Select(service => new ScenarioRun(scenario, service, store, options.Weights))];
        IReadOnlyList<ScenarioOutcome> outcomes = await host.RunScenarioBatchAsync(scenario, [.. runs.Select(r => r.Services)])
            .ConfigureAwait(false);
        string severity = options.Selection.SeverityOf(scenario);
        return [.. runs.Select((run, i) => run.Result(outcomes[i], severity, options.Selection.Strict))];
    }

    internal static ScenarioResult Cancelled(ScenarioCase scenario, string severity) => new()
    {
        Id = scenario.Id,
        Feature = scenario.Feature.Title,
        Name = scenario.Name,
        Location = scenario.Location,
        RequirementIds = scenario.RequirementIds,
        Severity = severity,
        Sources = scenario.Sources,
        Tags = scenario.Tags,
        Status = ScenarioStatus.Skipped,
        Message = "the run was cancelled before this scenario started",
    };
}

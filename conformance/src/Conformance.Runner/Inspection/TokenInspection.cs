using Conformance.Checks.Evidence;
using Conformance.Runner.Host;
using Conformance.Runner.Reporting;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;
using Conformance.Steps.Context;

namespace Conformance.Runner.Inspection;

/// <summary>
/// <c>inspect</c>: runs the token-level (@token) scenarios through Reqnroll over each stored token, each file judged on its
/// own. Files are taken in batches; within a batch the features run in parallel (docs/running-reqnroll.md §6), each
/// feature running each of its scenarios once for all the batch's files (<see cref="ScenarioBatch"/>: every binding is
/// called once per file, with that file's own state), so Reqnroll's per-scenario work is paid once per batch, not once
/// per file, and a feature is started once for the whole inspection. Each file is read and decoded once and the decoded
/// token is shared by all its scenarios. As each batch finishes, its files' results go to report.json's spool and only a
/// row per file, the verdict tally and the aggregated findings stay in memory (<see cref="InspectionResult"/>).
/// </summary>
internal static class TokenInspection
{
    /// <summary>Files per batch: enough to keep every worker busy, few enough that a batch's results stay small.</summary>
    internal const int BatchSize = 32;

    public static async Task<InspectionResult> InspectAsync(IReadOnlyList<string> files, RunOptions options, CancellationToken cancellationToken)
    {
        DateTimeOffset started = DateTimeOffset.Now;
        FeatureSet features = FeatureLoader.LoadDirectory(options.FeaturesDirectory);
        ScenarioSelection selection = options.Selection with { TokenLevelOnly = true };
        var selected = features.Scenarios.Where(selection.Includes).ToList();
        var store = new EvidenceStore(Path.Combine(options.OutputDirectory, "evidence"));
        var dataCheck = options.DataFile is { } data ? new DataImprintCheck(data) : null;
        options.Progress.RunStarted($"Inspecting {files.Count} file(s)", selected.Count * files.Count);

        using var spool = new InputSpool(options.OutputDirectory);
        var judged = new Judged(spool);
        ReqnrollHost? host = selected.Count == 0 ? null : await ReqnrollHost.GetAsync().ConfigureAwait(false);
        List<FeatureWork> byFeature = [.. selected.Select((scenario, index) => (scenario, index)).GroupBy(s => s.scenario.Feature)
            .Select(g => new FeatureWork(g.Key, [.. g]))];
        // A pipeline of three stages, so that reading (and saving the inputs as evidence) and judging (and spooling to
        // report.json) do not leave the cores idle between batches: batch k+1 is read while batch k runs, and batch k is
        // judged while batch k+1 runs. At most three batches are in memory; files are judged and spooled in order.
        string[][] batches = [.. files.Chunk(BatchSize)];
        Task<PreparedInput[]>? reading = batches.Length == 0 ? null : Task.Run(() => Prepare(batches[0], store, options));
        Task judging = Task.CompletedTask;
        for (int b = 0; b < batches.Length; b++)
        {
            PreparedInput[] prepared = await reading!.ConfigureAwait(false);
            string[]? following = b + 1 < batches.Length ? batches[b + 1] : null;
            reading = following is null ? null : Task.Run(() => Prepare(following, store, options));
            ScenarioResult[][] results = await RunBatchAsync(host, byFeature, selected.Count, prepared, store, options, cancellationToken).ConfigureAwait(false);
            // Longest first in the next batch: a batch lasts as long as its busiest worker, and the features differ by an
            // order of magnitude (the CMS feature with its four decoders against a feature of two scenarios).
            byFeature.Sort((a, b) => b.LastBatch.CompareTo(a.LastBatch));
            await judging.ConfigureAwait(false);
            judging = Task.Run(() => judged.AddBatch(prepared, results, dataCheck, options, files.Count));
        }

        await judging.ConfigureAwait(false);

        if (host is not null)
        {
            foreach (FeatureWork feature in byFeature)
            {
                await host.ReleaseFeatureAsync(feature.Feature).ConfigureAwait(false);
            }
        }

        return judged.Report(features, store, options, started, files.Count);
    }

    private static PreparedInput[] Prepare(string[] batch, EvidenceStore store, RunOptions options) =>
        [.. batch.Select(file => PreparedInput.Read(file, store, options))];

    /// <summary>One batch: the features in parallel, each running each of its scenarios once over all the batch's files.</summary>
    private static async Task<ScenarioResult[][]> RunBatchAsync(
        ReqnrollHost? host, List<FeatureWork> byFeature, int scenarioCount, PreparedInput[] prepared,
        EvidenceStore store, RunOptions options, CancellationToken cancellationToken)
    {
        var results = new ScenarioResult[prepared.Length][];
        for (int i = 0; i < prepared.Length; i++)
        {
            results[i] = new ScenarioResult[scenarioCount];
        }

        if (host is null)
        {
            return results;
        }

        ServiceUnderTest[] services = [.. prepared.Select(p => p.Service)];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelFeatures) };
        await Parallel.ForEachAsync(byFeature, parallel, async (feature, _) =>
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            foreach ((ScenarioCase scenario, int index) in feature.Scenarios)
            {
                ScenarioResult[] perFile = cancellationToken.IsCancellationRequested
                    ? [.. prepared.Select(_ => ConformanceRunner.Cancelled(scenario, options.Selection.SeverityOf(scenario)))]
                    : await ConformanceRunner.RunBatchAsync(host, scenario, services, store, options).ConfigureAwait(false);
                for (int i = 0; i < prepared.Length; i++)
                {
                    results[i][index] = perFile[i];
                }
            }

            feature.LastBatch = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>A feature's selected scenarios (with their index in the selection) and how long it took over the last batch.</summary>
    private sealed class FeatureWork(Host.LoadedFeature feature, IReadOnlyList<(ScenarioCase Scenario, int Index)> scenarios)
    {
        public Host.LoadedFeature Feature { get; } = feature;
        public IReadOnlyList<(ScenarioCase Scenario, int Index)> Scenarios { get; } = scenarios;
        public TimeSpan LastBatch { get; set; }
    }

    /// <summary>The judged files so far: their results spooled to report.json, a row each, the tally and the findings.</summary>
    private sealed class Judged(InputSpool spool)
    {
        private readonly VerdictTally _tally = new();
        private readonly FindingGroups _findings = new();
        private readonly List<string> _inputErrors = [];

        public List<InspectedFile> Files { get; } = [];

        /// <summary>A batch's files judged, spooled and reported in order; their certificates are released afterwards.</summary>
        public void AddBatch(PreparedInput[] prepared, ScenarioResult[][] results, DataImprintCheck? dataCheck, RunOptions options, int fileCount)
        {
            for (int i = 0; i < prepared.Length; i++)
            {
                InputResult input = prepared[i].Judge(results[i], dataCheck, options);
                Add(input);
                options.Progress.InputFinished(Files.Count, fileCount, input);
                prepared[i].Token.ReleaseCertificates();
            }
        }

        public void Add(InputResult input)
        {
            spool.Add(input);
            foreach (ScenarioResult scenario in input.Scenarios)
            {
                _tally.Add(scenario);
            }

            _findings.Add(input);
            if (input.Error is not null)
            {
                _inputErrors.Add(input.Error);
            }

            Files.Add(InspectedFile.Of(input));
        }

        /// <summary>The run's verdict over every file's results, and report.json written from the spool.</summary>
        public InspectionResult Report(FeatureSet features, EvidenceStore store, RunOptions options, DateTimeOffset started, int fileCount)
        {
            var problems = features.Errors.Concat(_inputErrors).Concat(store.CapHits).ToList();
            (Verdict overall, string reason) = fileCount == 0 ? (Verdict.Incomplete, "no input file") : _tally.Decide(problems, options.Selection.Strict);
            RunReport report = ConformanceRunner.Report("inspect", options, started, overall, reason, _tally.Counts, problems);
            string path = ConformanceRunner.WriteOutputs(report, store, options.OutputDirectory, spool);
            return new InspectionResult(report, Files, _findings.InOrder, path);
        }
    }
}

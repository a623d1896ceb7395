using Conformance.Checks.Evidence;
using Conformance.Checks.Protocol;
using Conformance.Runner.Host;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;
using Conformance.Steps.Context;

namespace Conformance.Runner.Inspection;

/// <summary>
/// <c>inspect</c>: runs the token-level (@token) scenarios through Reqnroll over each stored token, each file judged on its
/// own. Files are taken in batches; within a batch the features run in parallel (docs/running-reqnroll.md §6), each
/// feature running its scenarios file after file, so one scenario never runs twice at the same time and a feature is
/// started once for the whole inspection instead of once per file. Each file is read and decoded once and the decoded
/// token is shared by all its scenarios.
/// </summary>
internal static class TokenInspection
{
    /// <summary>Files per batch: enough to keep every worker busy, few enough that a batch's results stay small.</summary>
    internal const int BatchSize = 32;

    public static async Task<RunReport> InspectAsync(IReadOnlyList<string> files, RunOptions options, CancellationToken cancellationToken)
    {
        DateTimeOffset started = DateTimeOffset.Now;
        FeatureSet features = FeatureLoader.LoadDirectory(options.FeaturesDirectory);
        ScenarioSelection selection = options.Selection with { TokenLevelOnly = true };
        var selected = features.Scenarios.Where(selection.Includes).ToList();
        var store = new EvidenceStore(Path.Combine(options.OutputDirectory, "evidence"));
        var dataCheck = options.DataFile is { } data ? new DataImprintCheck(data) : null;
        options.Progress.RunStarted($"Inspecting {files.Count} file(s)", selected.Count * files.Count);

        var inputs = new List<InputResult>(files.Count);
        ReqnrollHost? host = selected.Count == 0 ? null : await ReqnrollHost.GetAsync().ConfigureAwait(false);
        var byFeature = selected.Select((scenario, index) => (scenario, index)).GroupBy(s => s.scenario.Feature).ToList();
        foreach (string[] batch in files.Chunk(BatchSize))
        {
            PreparedInput[] prepared = [.. batch.Select(file => PreparedInput.Read(file, store, options))];
            var results = new ScenarioResult[prepared.Length][];
            for (int i = 0; i < prepared.Length; i++)
            {
                results[i] = new ScenarioResult[selected.Count];
            }

            if (host is not null)
            {
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelFeatures) };
                await Parallel.ForEachAsync(byFeature, parallel, async (feature, _) =>
                {
                    for (int i = 0; i < prepared.Length; i++)
                    {
                        foreach ((ScenarioCase scenario, int index) in feature)
                        {
                            results[i][index] = await ConformanceRunner.RunOrCancelAsync(host, scenario, prepared[i].Service, store, options, cancellationToken)
                                .ConfigureAwait(false);
                        }
                    }
                }).ConfigureAwait(false);
            }

            for (int i = 0; i < prepared.Length; i++)
            {
                inputs.Add(prepared[i].Judge(results[i], dataCheck, options));
                options.Progress.InputFinished(inputs.Count, files.Count, inputs[^1]);
            }
        }

        if (host is not null)
        {
            foreach (var feature in byFeature)
            {
                await host.ReleaseFeatureAsync(feature.Key).ConfigureAwait(false);
            }
        }

        return Report(inputs, features, store, options, started, files.Count);
    }

    private static RunReport Report(List<InputResult> inputs, FeatureSet features, EvidenceStore store, RunOptions options, DateTimeOffset started, int fileCount)
    {
        var all = inputs.SelectMany(i => i.Scenarios).ToList();
        var problems = features.Errors.Concat(inputs.Where(i => i.Error is not null).Select(i => i.Error!)).Concat(store.CapHits).ToList();
        (Verdict overall, string reason) = fileCount == 0 ? (Verdict.Incomplete, "no input file") : VerdictRules.Decide(all, problems, options.Selection.Strict);
        var report = new RunReport
        {
            Command = "inspect",
            StartedAt = started,
            FinishedAt = DateTimeOffset.Now,
            Profile = options.Selection.Profile,
            Strict = options.Selection.Strict,
            FailOn = options.FailOn,
            SelectedTags = options.Selection.Tags,
            SelectedRequirements = options.Selection.RequirementIds,
            Verdict = overall,
            VerdictReason = reason,
            Summary = ResultCounts.Of(all),
            Inputs = inputs,
            Problems = problems,
        };
        ConformanceRunner.WriteOutputs(report, store, options.OutputDirectory);
        return report;
    }

    /// <summary>One stored file, read and decoded once, its bytes and certificates saved as evidence.</summary>
    private sealed record PreparedInput(string File, StoredToken Token, ServiceUnderTest Service, IReadOnlyList<string> Evidence)
    {
        public static PreparedInput Read(string file, EvidenceStore store, RunOptions options)
        {
            StoredToken token = StoredToken.Read(file);
            string label = "input-" + Path.GetFileNameWithoutExtension(file);
            var evidence = new List<string>();
            if (token.Bytes.Length > 0)
            {
                string extension = token.Kind == "TimeStampResp" ? "tsr" : token.Kind == "TimeStampToken" ? "tst" : "bin";
                evidence.Add(store.Save(label, extension, token.Bytes));
            }

            if (token.Response?.TokenBytes is { } tokenBytes)
            {
                evidence.AddRange(TokenEvidence.Save(store, label, tokenBytes, token.Token));
            }
            else if (token.Token is not null)
            {
                evidence.AddRange(TokenEvidence.Save(store, label, null, token.Token));
            }

            var declarations = TargetDefinition.None with { TrustAnchors = options.TrustAnchors, TrustedLists = options.TrustedLists };
            return new PreparedInput(file, token, ServiceUnderTest.Offline(token, declarations), [.. evidence.Where(e => e != EvidenceStore.NotStored)]);
        }

        /// <summary>The file's verdict from its scenario results (and the --data imprint check).</summary>
        public InputResult Judge(IReadOnlyList<ScenarioResult> scenarioResults, DataImprintCheck? dataCheck, RunOptions options)
        {
            IReadOnlyList<ScenarioResult> results = dataCheck is null
                ? scenarioResults
                : [.. scenarioResults, dataCheck.Judge(Token, options.Weights, options.Selection.Strict)];
            (Verdict verdict, string reason) = VerdictRules.Decide(results, Token.Error is null ? [] : [Token.Error], options.Selection.Strict);
            return new InputResult
            {
                File = File,
                Kind = Token.Kind.Length == 0 ? null : Token.Kind,
                Encoding = Token.Encoding,
                Error = Token.Error,
                ResponseStatus = Token.ResponseStatus,
                Verdict = verdict,
                VerdictReason = reason,
                Scenarios = results,
                Evidence = Evidence,
                Token = TokenSummary.Of(Token),
            };
        }
    }
}

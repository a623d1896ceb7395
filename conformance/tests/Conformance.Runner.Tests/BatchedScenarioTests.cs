using Conformance.Checks.Protocol;
using Conformance.Runner.Host;
using Conformance.Runner.Reporting;
using Conformance.Runner.Results;
using Conformance.Runner.Tests.Infrastructure;
using Conformance.Steps.Context;

namespace Conformance.Runner.Tests;

/// <summary>
/// inspect runs each token-level scenario once over a batch of files, calling every binding once per file with that
/// file's own state (ScenarioBatch). Each file's result must be exactly the one a run of that scenario over that file
/// alone gives: a finding, a not-applicable, an error or a pass in one file never leaks into another, and a file whose
/// step failed has its later steps skipped while the others go on.
/// </summary>
public sealed class BatchedScenarioTests
{
    [Fact]
    public async Task Every_file_of_a_batch_gets_the_result_of_the_scenario_run_on_that_file_alone()
    {
        using var temp = new TempDirectory();
        // Files that part ways at different steps: a good response, one without accuracy (TSP-TST-008 fails), one with the
        // nonce altered, a bare token, a rejection without a token, a page that is not a token, and a truncated response.
        var files = new List<string>();
        void Write(string name, byte[] bytes)
        {
            File.WriteAllBytes(temp.Combine(name), bytes);
            files.Add(temp.Combine(name));
        }

        byte[] good = new StubTsa().IssueResponse();
        Write("good.tsr", good);
        Write("no-accuracy.tsr", new StubTsa(new StubDefects { OmitAccuracy = true }).IssueResponse());
        Write("two-seconds.tsr", new StubTsa(new StubDefects { AccuracySeconds = 2, AlwaysIncludeCertificates = true }).IssueResponse());
        Write("refused.tsr", new StubTsa(new StubDefects { RefuseEverything = true }).IssueResponse());
        Write("page.tst", "<html>not a token</html>"u8.ToArray());
        Write("truncated.tsr", good[..(good.Length / 2)]);
        Write("good-again.tsr", new StubTsa().IssueResponse());

        var options = new RunOptions { OutputDirectory = temp.Combine("batched") };
        RunReport batched = await ConformanceRunner.InspectAsync(files, options, TestContext.Current.CancellationToken);

        // The same scenarios, one Reqnroll run per file and scenario (the way `run` executes them).
        FeatureSet features = FeatureLoader.LoadDirectory(options.FeaturesDirectory);
        ScenarioCase[] selected = [.. features.Scenarios.Where((options.Selection with { TokenLevelOnly = true }).Includes)];
        ReqnrollHost host = await ReqnrollHost.GetAsync();
        var store = new Conformance.Checks.Evidence.EvidenceStore(temp.Combine("alone", "evidence"));
        Assert.Equal(files.Count, batched.Inputs.Count);
        int compared = 0;
        for (int f = 0; f < files.Count; f++)
        {
            InputResult input = batched.Inputs[f];
            Assert.Equal(files[f], input.File);
            Assert.Equal(selected.Length, input.Scenarios.Count);
            var service = ServiceUnderTest.Offline(StoredToken.Read(files[f]), TargetDefinition.None);
            for (int s = 0; s < selected.Length; s++)
            {
                ScenarioResult alone = await ConformanceRunner.RunOneAsync(host, selected[s], service, store);
                ScenarioResult inBatch = input.Scenarios[s];
                string where = $"{Path.GetFileName(files[f])}: {selected[s].Name}";
                Assert.True(alone.Id == inBatch.Id, where);
                Assert.True(alone.Status == inBatch.Status, $"{where}: alone {alone.Status} ({alone.Message}), in the batch {inBatch.Status} ({inBatch.Message})");
                Assert.True(alone.Message == inBatch.Message, $"{where}: alone '{alone.Message}', in the batch '{inBatch.Message}'");
                Assert.True(alone.Grade == inBatch.Grade, where);
                Assert.Equal(alone.Findings.Select(x => (x.RequirementId, x.Message)), inBatch.Findings.Select(x => (x.RequirementId, x.Message)));
                Assert.Equal(alone.Steps.Select(x => (x.Keyword, x.Text, x.Status, x.Message)), inBatch.Steps.Select(x => (x.Keyword, x.Text, x.Status, x.Message)));
                Assert.Equal(alone.Evidence.Count, inBatch.Evidence.Count);
                compared++;
            }
        }

        // The files really part ways: each of these outcomes occurs in the batch, so the comparison covers them.
        ScenarioResult[] all = [.. batched.Inputs.SelectMany(i => i.Scenarios)];
        Assert.Contains(all, r => r.Status == ScenarioStatus.Passed);
        Assert.Contains(all, r => r.Status == ScenarioStatus.Failed);
        Assert.Contains(all, r => r.Status == ScenarioStatus.NotApplicable);
        Assert.Contains(all, r => r.Status == ScenarioStatus.Error);
        Assert.Contains(all, r => r.Steps.Any(step => step.Status == "skipped"));
        Assert.True(compared >= files.Count * 20, $"only {compared} results compared");
    }

    [Fact]
    public async Task Files_over_several_batches_are_judged_and_reported_in_their_order()
    {
        using var temp = new TempDirectory();
        // Read, run and judge overlap from batch to batch: order, per-file results and progress must not suffer from it.
        int count = 2 * Inspection.TokenInspection.BatchSize + 5;
        byte[] good = new StubTsa().IssueResponse();
        byte[] withoutAccuracy = new StubTsa(new StubDefects { OmitAccuracy = true }).IssueResponse();
        string[] files = [.. Enumerable.Range(0, count).Select(i =>
        {
            string file = temp.Combine($"{count - i:D3}.tsr");
            File.WriteAllBytes(file, i % 7 == 3 ? withoutAccuracy : good);
            return file;
        })];
        var progress = new RecordingProgress();

        RunReport report = await ConformanceRunner.InspectAsync(files,
            new RunOptions { OutputDirectory = temp.Combine("out"), FeaturesDirectory = BasicFeatures.Directory, Progress = progress }, TestContext.Current.CancellationToken);

        Assert.Equal(files, report.Inputs.Select(i => i.File));
        Assert.Equal(files, progress.Finished.Select(f => f.File));
        Assert.Equal(Enumerable.Range(1, count), progress.Finished.Select(f => f.Number));
        for (int i = 0; i < count; i++)
        {
            ScenarioResult accuracy = report.Inputs[i].Scenarios.Single(s => s.RequirementIds.Contains("TSP-TST-008"));
            Assert.True((i % 7 == 3 ? ScenarioStatus.Failed : ScenarioStatus.Passed) == accuracy.Status, $"{files[i]}: {accuracy.Status}");
        }
    }

    private sealed class RecordingProgress : Progress.IRunProgress
    {
        public List<(int Number, string File)> Finished { get; } = [];

        public void RunStarted(string what, int scenarioCount)
        {
        }

        public void ScenarioStarted(int number, int total, ScenarioCase scenario)
        {
        }

        public void ScenarioFinished(int completed, int total, ScenarioCase scenario, ScenarioResult result)
        {
        }

        public void InputFinished(int number, int total, InputResult input)
        {
            lock (Finished)
            {
                Finished.Add((number, input.File));
            }
        }
    }
}

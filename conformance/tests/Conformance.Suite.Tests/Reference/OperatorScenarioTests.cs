using Conformance.Checks.Operator;
using Conformance.Runner.Results;
using Conformance.Targets.Reference.Operator;

namespace Conformance.Suite.Tests.Reference;

/// <summary>
/// The operator-controlled scenarios (TSP-REF-001, -002, -003, -005, -006, -007) pass against the reference TSA in
/// ScenarioTests; here they are shown to fail against a TSA that does not stop, and to need attested evidence when the
/// suite has no control of the TSA.
/// </summary>
public sealed class OperatorScenarioTests(ReferenceTsaTarget target, ITestOutputHelper output)
{
    [Fact]
    public async Task TSP_REF_001_fails_against_a_TSA_that_does_not_watch_its_clock()
    {
        var unmonitored = new ReferenceOperatorControl(target.DataDirectory) { MonitorClock = false };
        var service = WhiteBoxRuns.With(target, d => d with { OperatorControl = unmonitored });

        IReadOnlyList<ScenarioResult> results = await WhiteBoxRuns.RunAsync(target, "reference/clock-gate.feature", service, output);

        Assert.Equal(2, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal(ScenarioStatus.Failed, r.Status);
            Assert.Contains("TSP-REF-001: the TSA kept issuing time-stamps", r.Message);
        });
        Assert.Contains("every UTC source stopped answering", results[0].Message);
        Assert.Contains("3 s off", results[1].Message);
    }

    [Fact]
    public async Task TSP_REF_002_003_and_007_fail_against_a_TSA_that_ignores_the_fault()
    {
        var service = WhiteBoxRuns.With(target, d => d with { OperatorControl = new FaultIgnoringControl(d.OperatorControl!) });

        IReadOnlyList<ScenarioResult> results = await WhiteBoxRuns.RunAsync(target, "reference/tsu-lifecycle.feature", service, output);

        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.Equal(ScenarioStatus.Failed, r.Status));
        Assert.Contains("TSP-REF-002: the TSA issued a time-stamp although the TSU key's usage period has ended", results[0].Message);
        Assert.Contains("TSP-REF-002: the TSA issued a time-stamp although the TSU key's usage period ends while it runs", results[1].Message);
        Assert.Contains("TSP-REF-003: the TSA issued a time-stamp although the TSU certificate is not loaded", results[2].Message);
        Assert.Contains("TSP-REF-007: the TSA started although the qualified TSU also serves the non-qualified endpoint", results[3].Message);
        Assert.Contains("TSP-REF-007: the TSA started although the qualified and non-qualified TSUs share one subject name", results[4].Message);
    }

    [Fact]
    public async Task The_reference_TSA_refuses_each_fault_for_the_reason_the_requirement_names()
    {
        IReadOnlyList<ScenarioResult> results = await WhiteBoxRuns.RunAsync(target, "reference/tsu-lifecycle.feature", target.Service, output);

        Assert.All(results, r => Assert.True(r.Status == ScenarioStatus.Passed, $"{r.Name}: {r.Status.ToText()} {r.Message}"));
        // The evidence keeps the TSA's own words: a refused start names the offending setting.
        Assert.Contains("privateKeyUsagePeriod", WhiteBoxRuns.EvidenceText(target, results[0], "refusal"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Certificate", WhiteBoxRuns.EvidenceText(target, results[2], "refusal"), StringComparison.Ordinal);
        Assert.Contains("TIS-8.2-01", WhiteBoxRuns.EvidenceText(target, results[3], "refusal"), StringComparison.Ordinal);
        // While running, the key's end is a rejection with failInfo, not a start-up refusal.
        Assert.Contains("rejection failInfo", WhiteBoxRuns.EvidenceText(target, results[1], "timeline"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_operator_control_each_white_box_scenario_needs_attested_evidence_and_says_what_to_ask_for()
    {
        var service = WhiteBoxRuns.With(target, d => d with { OperatorControl = null });
        var results = new List<ScenarioResult>();
        foreach (string feature in new[] { "reference/clock-gate.feature", "reference/tsu-lifecycle.feature", "reference/event-log.feature", "reference/serial-crash.feature" })
        {
            results.AddRange(await WhiteBoxRuns.RunAsync(target, feature, service, output));
        }

        Assert.Equal(9, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal(ScenarioStatus.NeedsEvidence, r.Status);
            Assert.Contains("needs attested evidence: the suite has no operator control", r.Message);
            Assert.Contains("; ask for ", r.Message);
        });
    }

    /// <summary>A control that starts every instance as deployed, whatever fault the scenario asks for: a TSA that does not stop.</summary>
    private sealed class FaultIgnoringControl(ITsaOperatorControl inner) : ITsaOperatorControl
    {
        public string Description => inner.Description + ", faults ignored (test)";

        public Task<IOperatedTsa> StartAsync(OperatedTsaSetup setup, CancellationToken cancellationToken) =>
            inner.StartAsync(setup with { Fault = TsuFault.None }, cancellationToken);
    }
}

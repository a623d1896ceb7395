using Conformance.Checks.Evidence;
using Conformance.Runner.Grading;
using Conformance.Runner.Host;
using Conformance.Runner.Results;
using Conformance.Steps.Context;
using Reqnroll.BoDi;

namespace Conformance.Runner;

/// <summary>One scenario over one target: what its bindings get injected, and its graded result.</summary>
internal sealed class ScenarioRun
{
    private readonly ScenarioCase _scenario;
    private readonly ServiceUnderTest _service;
    private readonly ScenarioEvidence _evidence;
    private readonly RequirementWeights _catalogue;
    private readonly ScenarioRequirements _requirements;

    public ScenarioRun(ScenarioCase scenario, ServiceUnderTest service, IEvidenceSink store, RequirementWeights? weights)
    {
        _scenario = scenario;
        _service = service;
        _evidence = new ScenarioEvidence(store, scenario.RequirementIds.FirstOrDefault() ?? scenario.Name);
        _catalogue = weights ?? RequirementWeights.Default;
        _requirements = new ScenarioRequirements([.. scenario.RequirementIds.Select(id => _catalogue.Find(id) is { } w
            ? new ScenarioRequirement(id, w.Citation, w.Evidence ?? [])
            : new ScenarioRequirement(id, "", []))]);
    }

    /// <summary>What the scenario's bindings are given: the target, the evidence sink and the requirements.</summary>
    public IReadOnlyList<object> Services => [_service, _evidence, _requirements];

    public void Register(IObjectContainer container)
    {
        container.RegisterInstanceAs(_service);
        container.RegisterInstanceAs(_evidence);
        container.RegisterInstanceAs(_requirements);
    }

    public ScenarioResult Result(ScenarioOutcome outcome, string? severity, bool strict)
    {
        ScenarioCase scenario = _scenario;
        ScenarioStatus status = outcome.ToStatus();
        bool cancelled = _service.CancellationToken.IsCancellationRequested;
        if (cancelled && status == ScenarioStatus.Error)
        {
            status = ScenarioStatus.Skipped;
        }

        string? message = status == ScenarioStatus.Skipped && cancelled ? "the run was cancelled" : outcome.Message();
        FindingGrader.Result? grade = null;
        if (status == ScenarioStatus.Failed)
        {
            RawFinding finding = OutcomeClassifier.FindingOf(outcome.Error, scenario.RequirementIds) ?? new RawFinding(null, message ?? "(no message recorded)");
            grade = FindingGrader.Grade([finding], scenario.RequirementIds, severity ?? scenario.Severity, _catalogue, strict);
        }

        return new ScenarioResult
        {
            Id = scenario.Id,
            Feature = scenario.Feature.Title,
            Name = scenario.Name,
            Location = scenario.Location,
            RequirementIds = scenario.RequirementIds,
            Severity = severity ?? scenario.Severity,
            Sources = scenario.Sources,
            Tags = scenario.Tags,
            Status = status,
            Message = message,
            Grade = grade?.Grade,
            GradeReason = grade?.Reason,
            Findings = grade?.Findings ?? [],
            DurationMs = Math.Round(outcome.Duration.TotalMilliseconds, 3),
            Steps = outcome.Steps,
            Evidence = _evidence.Files,
        };
    }
}

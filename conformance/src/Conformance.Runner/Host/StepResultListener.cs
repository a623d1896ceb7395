using System.Diagnostics;
using Conformance.Runner.Results;
using Reqnroll;
using Reqnroll.Events;

namespace Conformance.Runner.Host;

/// <summary>
/// Collects per-step status, message and duration from Reqnroll's execution events (published for every step,
/// including undefined and skipped ones; docs/running-reqnroll.md §3) into the scenario's <see cref="ScenarioRecorder"/>, or,
/// for a batched scenario, into each file's steps (<see cref="ScenarioBatch.StepFinished"/>).
/// </summary>
internal sealed class StepResultListener : IAsyncExecutionEventListener
{
    public Task OnEventAsync(IExecutionEvent executionEvent)
    {
        switch (executionEvent)
        {
            case StepFinishedEvent finished when Batch(finished.ScenarioContext) is { } batch:
                var step = (ScenarioStepContext)finished.StepContext;
                batch.StepFinished((step.StepInfo.StepInstance?.Keyword ?? step.StepInfo.StepDefinitionType.ToString()).Trim(), step.StepInfo.Text,
                    StepStatus(step, batch.RequirementIds), step.StepError is null ? null : OutcomeClassifier.Describe(step.StepError, batch.RequirementIds));
                break;
            case StepStartedEvent started when Recorder(started.ScenarioContext) is { } recorder:
                recorder.StepStarted = Stopwatch.GetTimestamp();
                break;
            case StepFinishedEvent finished when Recorder(finished.ScenarioContext) is { } recorder:
                double ms = recorder.StepStarted is long start ? Stopwatch.GetElapsedTime(start).TotalMilliseconds : 0;
                recorder.StepStarted = null;
                var context = (ScenarioStepContext)finished.StepContext;
                string keyword = context.StepInfo.StepInstance?.Keyword ?? context.StepInfo.StepDefinitionType.ToString();
                recorder.Steps.Add(new StepResult(
                    keyword.Trim(),
                    context.StepInfo.Text,
                    StepStatus(context, recorder.RequirementIds),
                    context.StepError is null ? null : OutcomeClassifier.Describe(context.StepError, recorder.RequirementIds),
                    Math.Round(ms, 3)));
                break;
        }

        return Task.CompletedTask;
    }

    private static ScenarioBatch? Batch(IScenarioContext? context) =>
        context?.ScenarioContainer is { } container && container.IsRegistered<ScenarioBatch>() ? container.Resolve<ScenarioBatch>() : null;

    private static ScenarioRecorder? Recorder(IScenarioContext? context) =>
        context?.ScenarioContainer is { } container && container.IsRegistered<ScenarioRecorder>() ? container.Resolve<ScenarioRecorder>() : null;

    private static string StepStatus(ScenarioStepContext context, IReadOnlyList<string> requirementIds) => context.Status switch
    {
        ScenarioExecutionStatus.OK => "passed",
        ScenarioExecutionStatus.Skipped => "skipped",
        ScenarioExecutionStatus.UndefinedStep => "undefined",
        ScenarioExecutionStatus.StepDefinitionPending => "pending",
        ScenarioExecutionStatus.BindingError => "error",
        _ => OutcomeClassifier.Classify(context.StepError, requirementIds).ToText(),
    };
}

/// <summary>Per-scenario collector, registered in the scenario container right after OnScenarioInitialize.</summary>
/// <param name="requirementIds">The scenario's @req tags: step messages name the requirement a finding is attributed to.</param>
public sealed class ScenarioRecorder(IReadOnlyList<string> requirementIds)
{
    public IReadOnlyList<string> RequirementIds { get; } = requirementIds;

    public List<StepResult> Steps { get; } = [];
    internal long? StepStarted { get; set; }
}

using System.Diagnostics;
using Conformance.Runner.Results;
using Reqnroll;
using Reqnroll.BoDi;

namespace Conformance.Runner.Host;

/// <summary>
/// One scenario run over several stored files at once (docs/running-reqnroll.md §8). Reqnroll runs the scenario once:
/// hooks are looked up, steps matched, arguments converted and events published once for the whole batch. Every binding
/// call, though, is made once per file by <see cref="CultureFreeBindingInvoker"/>, each file with binding instances and
/// state of its own (a <see cref="FileScope"/> holding that file's target, evidence sink and requirements). A
/// file whose step threw is out of the scenario from there on (its later steps are recorded as skipped, as Reqnroll does
/// for a scenario), while the other files go on. The result is one <see cref="ScenarioOutcome"/> per file, the same a
/// scenario run of that file alone would give.
/// </summary>
public sealed class ScenarioBatch
{
    /// <summary>The scenario's @req tags, which each file's finding is attributed to.</summary>
    internal IReadOnlyList<string> RequirementIds { get; }

    internal ScenarioBatch(IReadOnlyList<string> requirementIds, IObjectContainer scenarioContainer, IReadOnlyList<IReadOnlyList<object>> fileServices)
    {
        RequirementIds = requirementIds;
        Members = [.. fileServices.Select(services =>
        {
            var scope = new FileScope(scenarioContainer);
            foreach (object service in services)
            {
                scope.Add(service);
            }

            return new BatchMember(scope);
        })];
    }

    internal IReadOnlyList<BatchMember> Members { get; }

    /// <summary>
    /// Calls a binding once for every file still in the scenario. A step's result per file is kept until Reqnroll
    /// reports the step finished (<see cref="StepResultListener"/>); a hook's exception ends the file's scenario unless an earlier one did.
    /// </summary>
    internal async Task InvokeForEachAsync(BatchBinding binding, object[] arguments, bool isStep)
    {
        foreach (BatchMember member in Members)
        {
            // A file out of the scenario skips its later steps; hooks (an [AfterScenario] cleaning up) still run for it.
            if (member.Error is not null && isStep)
            {
                member.CurrentStep = new PendingStep("skipped", null, 0);
                continue;
            }

            long started = Stopwatch.GetTimestamp();
            Exception? thrown = await binding.InvokeAsync(member.Scope, arguments).ConfigureAwait(false);
            double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            member.Elapsed += ms;
            member.Error ??= thrown;
            if (isStep)
            {
                member.CurrentStep = thrown is null
                    ? new PendingStep("passed", null, ms)
                    : new PendingStep(StepStatusOf(thrown), OutcomeClassifier.Describe(thrown, RequirementIds), ms);
            }
        }
    }

    /// <summary>Reqnroll reported a step finished: each file's own result of it, or Reqnroll's where the binding was never called.</summary>
    internal void StepFinished(string keyword, string text, string engineStatus, string? engineMessage)
    {
        foreach (BatchMember member in Members)
        {
            PendingStep step = member.CurrentStep ?? new PendingStep(engineStatus, engineMessage, 0);
            member.Steps.Add(new StepResult(keyword, text, step.Status, step.Message, Math.Round(step.Ms, 3)));
            member.CurrentStep = null;
        }
    }

    /// <summary>
    /// Each file's outcome. A file whose bindings threw ends as that exception says; otherwise it ends as the scenario
    /// did in Reqnroll (passed, or undefined, ambiguous, failed in a hook outside the bindings: then for every file).
    /// </summary>
    internal IReadOnlyList<ScenarioOutcome> Outcomes(ScenarioExecutionStatus scenarioStatus, Exception? scenarioError)
    {
        var outcomes = new ScenarioOutcome[Members.Count];
        for (int i = 0; i < outcomes.Length; i++)
        {
            BatchMember member = Members[i];
            (ScenarioExecutionStatus status, Exception? error) = member.Error switch
            {
                ScenarioNotRunException { Kind: "pending" } e => (ScenarioExecutionStatus.StepDefinitionPending, e),
                ScenarioNotRunException e => (ScenarioExecutionStatus.Skipped, e),
                { } e => (ScenarioExecutionStatus.TestError, e),
                null => (scenarioStatus, scenarioError),
            };
            outcomes[i] = new ScenarioOutcome(status, error, member.Steps, TimeSpan.FromMilliseconds(member.Elapsed), RequirementIds);
        }

        return outcomes;
    }

    /// <summary>The per-file scopes own the binding instances they created.</summary>
    internal void Dispose()
    {
        foreach (BatchMember member in Members)
        {
            member.Scope.Dispose();
        }
    }

    private string StepStatusOf(Exception thrown) => thrown switch
    {
        ScenarioNotRunException { Kind: "pending" } => "pending",
        ScenarioNotRunException => "skipped",
        _ => OutcomeClassifier.Classify(thrown, RequirementIds).ToText(),
    };
}

/// <summary>One file's share of a batched scenario.</summary>
internal sealed class BatchMember(FileScope scope)
{
    public FileScope Scope { get; } = scope;
    public List<StepResult> Steps { get; } = [];

    /// <summary>The first exception of this file's bindings: the file's scenario ends with it.</summary>
    public Exception? Error { get; set; }

    /// <summary>Milliseconds spent in this file's binding calls.</summary>
    public double Elapsed { get; set; }

    public PendingStep? CurrentStep { get; set; }
}

internal sealed record PendingStep(string Status, string? Message, double Ms);

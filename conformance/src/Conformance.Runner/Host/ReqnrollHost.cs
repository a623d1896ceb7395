using System.Collections.Specialized;
using System.Diagnostics;
using System.Reflection;
using Conformance.Runner.Results;
using Reqnroll;
using Reqnroll.BoDi;

namespace Conformance.Runner.Host;

/// <summary>
/// Drives Reqnroll 3.3.4's runtime in the order its generated code-behind would (docs/running-reqnroll.md §1): one test run per
/// process, a pooled test runner per scenario, feature start/end around them. Thread-safe for distinct features.
/// </summary>
public sealed class ReqnrollHost
{
    private static readonly SemaphoreSlim StartGate = new(1, 1);
    private static ReqnrollHost? _shared;

    private readonly Assembly _bindings;
    private readonly HostContainerBuilder _builder = new();

    private ReqnrollHost(Assembly bindings) => _bindings = bindings;

    /// <summary>The assembly holding the [Binding] classes; also the key of Reqnroll's per-assembly runner manager.</summary>
    public static Assembly BindingAssembly => typeof(Conformance.Steps.Bindings.RequestSteps).Assembly;

    /// <summary>
    /// Starts the Reqnroll test run once per process (binding discovery, [BeforeTestRun]). Telemetry and Reqnroll's own
    /// formatters are switched off before Reqnroll reads its configuration.
    /// </summary>
    public static async Task<ReqnrollHost> GetAsync()
    {
        await StartGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_shared is null)
            {
                Environment.SetEnvironmentVariable("REQNROLL_TELEMETRY_ENABLED", "0");

                // The build runs with InvariantGlobalization; Reqnroll creates CultureInfo("en-US") for the feature
                // language. Allowing named cultures (with invariant data) keeps both working.
                AppContext.SetSwitch("System.Globalization.PredefinedCulturesOnly", false);
                Environment.SetEnvironmentVariable("REQNROLL_FORMATTERS_DISABLED", "true");
                var host = new ReqnrollHost(BindingAssembly);
                await TestRunnerManager.OnTestRunStartAsync(host._bindings, host._builder).ConfigureAwait(false);
                _shared = host;
            }

            return _shared;
        }
        finally
        {
            StartGate.Release();
        }
    }

    /// <summary>Ends the test run ([AfterTestRun]). Call once, when the process is done with scenarios.</summary>
    public static async Task ShutdownAsync()
    {
        await StartGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_shared is { } host)
            {
                await TestRunnerManager.OnTestRunEndAsync(host._bindings, host._builder).ConfigureAwait(false);
                _shared = null;
            }
        }
        finally
        {
            StartGate.Release();
        }
    }

    /// <summary>
    /// Runs one scenario. <paramref name="registerServices"/> puts the target and the evidence sink into the scenario
    /// container. Never throws for a scenario's own failure: the outcome says what happened.
    /// </summary>
    public async Task<ScenarioOutcome> RunScenarioAsync(ScenarioCase scenario, Action<IObjectContainer> registerServices)
    {
        var stopwatch = Stopwatch.StartNew();
        var recorder = new ScenarioRecorder(scenario.RequirementIds);
        RunState run = await RunAsync(scenario, container =>
        {
            container.RegisterInstanceAs(recorder);
            registerServices(container);
        }).ConfigureAwait(false);
        return new ScenarioOutcome(run.Status, run.Error, recorder.Steps, stopwatch.Elapsed, scenario.RequirementIds);
    }

    /// <summary>
    /// Runs one scenario once for several files (<see cref="ScenarioBatch"/>): <paramref name="fileServices"/> holds, per
    /// file, the objects its bindings are given (target, evidence sink, requirements), each file in a scope of its own. One outcome per file, in the order given; never throws for a scenario's own failure.
    /// </summary>
    public async Task<IReadOnlyList<ScenarioOutcome>> RunScenarioBatchAsync(ScenarioCase scenario, IReadOnlyList<IReadOnlyList<object>> fileServices)
    {
        ScenarioBatch? batch = null;
        RunState run = await RunAsync(scenario, container =>
        {
            batch = new ScenarioBatch(scenario.RequirementIds, container, fileServices);
            container.RegisterInstanceAs(batch);
        }).ConfigureAwait(false);
        if (batch is null)
        {
            // The scenario never started (its feature could not): every file ends as the scenario did.
            return [.. fileServices.Select(_ => new ScenarioOutcome(run.Status, run.Error, [], TimeSpan.Zero, scenario.RequirementIds))];
        }

        batch.Dispose();
        return batch.Outcomes(run.Status, run.Error);
    }

    /// <summary>Starts the feature if needed, initialises the scenario, registers its services, runs and ends it.</summary>
    private async Task<RunState> RunAsync(ScenarioCase scenario, Action<IObjectContainer> registerServices)
    {
        FeatureInfo featureInfo = scenario.Feature.FeatureInfo;
        ITestRunner runner = TestRunnerManager.GetTestRunnerForAssembly(_bindings, _builder, featureInfo);
        var run = new RunState();
        try
        {
            await SwitchFeatureAsync(runner, featureInfo, run).ConfigureAwait(false);
            runner.OnScenarioInitialize(ToScenarioInfo(scenario), ToRuleInfo(scenario));
            registerServices(runner.ScenarioContext.ScenarioContainer);
            await ExecuteAsync(runner, scenario, run).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            run.Error ??= e;
            run.Status = ScenarioExecutionStatus.TestError;
        }
        finally
        {
            await EndScenarioAsync(runner, run).ConfigureAwait(false);
        }

        return run;
    }

    /// <summary>What one scenario run has come to so far; the first error wins.</summary>
    private sealed class RunState
    {
        public Exception? Error { get; set; }
        public ScenarioExecutionStatus Status { get; set; } = ScenarioExecutionStatus.OK;
    }

    /// <summary>Ends the feature the pooled runner still holds, if another, and starts this one when the runner holds none.</summary>
    private static async Task SwitchFeatureAsync(ITestRunner runner, FeatureInfo featureInfo, RunState run)
    {
        try
        {
            if (runner.FeatureContext is { } current && !ReferenceEquals(current.FeatureInfo, featureInfo))
            {
                await runner.OnFeatureEndAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (runner.FeatureContext?.BeforeFeatureHookFailed == true)
            {
                run.Error = runner.FeatureContext.BeforeFeatureHookError ?? new InvalidOperationException("A [BeforeFeature] hook failed.");
            }

            if (runner.FeatureContext is null)
            {
                await runner.OnFeatureStartAsync(featureInfo).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Skips (@ignore) or runs the scenario's steps; reads status and error before the scenario ends (§1 step 3).</summary>
    private static async Task ExecuteAsync(ITestRunner runner, ScenarioCase scenario, RunState run)
    {
        if (run.Error is not null)
        {
            run.Status = ScenarioExecutionStatus.TestError;
            return;
        }

        if (scenario.IsIgnored)
        {
            await runner.SkipScenarioAsync().ConfigureAwait(false);
            run.Status = ScenarioExecutionStatus.Skipped;
            run.Error = new ScenarioNotRunException("ignored", "the scenario is tagged @ignore");
            return;
        }

        try
        {
            await runner.OnScenarioStartAsync().ConfigureAwait(false);
            foreach (ScenarioStep step in scenario.Steps)
            {
                await ExecuteStepAsync(runner, step).ConfigureAwait(false);
            }

            // CollectScenarioErrorsAsync only rethrows a recorded step error (after an expensive reflective
            // stack-trace capture); the error is read from the context below anyway (docs/running-reqnroll.md §7).
            if (runner.ScenarioContext.ScenarioExecutionStatus != ScenarioExecutionStatus.TestError || runner.ScenarioContext.TestError is null)
            {
                await runner.CollectScenarioErrorsAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            // A step or hook can throw (docs/running-reqnroll.md, pitfall 2); the provider throws for pending/undefined.
            run.Error ??= e;
        }

        run.Status = runner.ScenarioContext.ScenarioExecutionStatus;
        run.Error = runner.ScenarioContext.TestError ?? run.Error;
    }

    /// <summary>Ends the scenario and always releases the runner, whatever happened before.</summary>
    private static async Task EndScenarioAsync(ITestRunner runner, RunState run)
    {
        try
        {
            if (runner.ScenarioContext is not null)
            {
                await runner.OnScenarioEndAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            run.Error ??= e;
            run.Status = ScenarioExecutionStatus.TestError;
        }
        finally
        {
            TestRunnerManager.ReleaseTestRunner(runner);
        }
    }

    /// <summary>[AfterFeature] for a feature whose scenarios are all done.</summary>
    public Task ReleaseFeatureAsync(LoadedFeature feature) =>
        TestRunnerManager.ReleaseFeatureAsync(feature.FeatureInfo, _bindings, _builder);

    private static Task ExecuteStepAsync(ITestRunner runner, ScenarioStep step)
    {
        string? docString = step.DocString;
        Table? table = null;
        if (step.Table is { Count: > 0 } rows)
        {
            table = new Table([.. rows[0]]);
            foreach (IReadOnlyList<string> row in rows.Skip(1))
            {
                table.AddRow([.. row]);
            }
        }

        return step.KeywordType switch
        {
            Io.Cucumber.Messages.Types.StepKeywordType.CONTEXT => runner.GivenAsync(step.Text, docString, table, step.Keyword),
            Io.Cucumber.Messages.Types.StepKeywordType.ACTION => runner.WhenAsync(step.Text, docString, table, step.Keyword),
            Io.Cucumber.Messages.Types.StepKeywordType.OUTCOME => runner.ThenAsync(step.Text, docString, table, step.Keyword),
            _ when step.Keyword.Trim().Equals("But", StringComparison.OrdinalIgnoreCase) => runner.ButAsync(step.Text, docString, table, step.Keyword),
            _ => runner.AndAsync(step.Text, docString, table, step.Keyword),
        };
    }

    private static ScenarioInfo ToScenarioInfo(ScenarioCase scenario)
    {
        var arguments = new OrderedDictionary();
        foreach ((string key, string value) in scenario.ExampleArguments)
        {
            arguments[key] = value;
        }

        return new ScenarioInfo(scenario.Name, scenario.Description, [.. scenario.OwnTags], arguments, [.. scenario.InheritedTags],
            scenario.PickleIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static RuleInfo? ToRuleInfo(ScenarioCase scenario) =>
        scenario.RuleTitle is null ? null : new RuleInfo(scenario.RuleTitle, scenario.RuleDescription ?? "", [.. scenario.RuleTags]);
}

/// <summary>What Reqnroll reported for one scenario, before it is turned into a <see cref="ScenarioResult"/>.</summary>
/// <param name="RequirementIds">The scenario's @req tags, which a finding is attributed to (<see cref="Grading.FindingAttribution"/>).</param>
public sealed record ScenarioOutcome(
    ScenarioExecutionStatus Status, Exception? Error, IReadOnlyList<StepResult> Steps, TimeSpan Duration, IReadOnlyList<string> RequirementIds)
{
    public ScenarioStatus ToStatus()
    {
        return Status switch
        {
            ScenarioExecutionStatus.OK when Error is null => ScenarioStatus.Passed,
            ScenarioExecutionStatus.OK => OutcomeClassifier.Classify(Error, RequirementIds),
            ScenarioExecutionStatus.Skipped => Error is null ? ScenarioStatus.Skipped : OutcomeClassifier.Classify(Error, RequirementIds),
            ScenarioExecutionStatus.StepDefinitionPending => ScenarioStatus.Skipped,
            ScenarioExecutionStatus.UndefinedStep or ScenarioExecutionStatus.BindingError => ScenarioStatus.Error,
            _ => OutcomeClassifier.Classify(Error ?? new InvalidOperationException("the scenario failed without an error"), RequirementIds),
        };
    }

    public string? Message()
    {
        if (Status == ScenarioExecutionStatus.UndefinedStep)
        {
            var undefined = Steps.FirstOrDefault(s => s.Status == "undefined");
            return $"step not implemented in Conformance.Steps: \"{undefined?.Keyword} {undefined?.Text}\"";
        }

        if (Status == ScenarioExecutionStatus.BindingError)
        {
            return Error is null ? "a step matched no binding unambiguously" : "binding error: " + Error.Message;
        }

        return Error is null ? null : OutcomeClassifier.Describe(Error, RequirementIds);
    }
}

using Reqnroll;
using Reqnroll.Bindings;
using Reqnroll.Configuration;
using Reqnroll.EnvironmentAccess;
using Reqnroll.ErrorHandling;
using Reqnroll.Infrastructure;
using Reqnroll.Tracing;

namespace Conformance.Runner.Host;

/// <summary>
/// Reqnroll's binding invoker without the per-call culture switch (docs/running-reqnroll.md §7), and with the per-file
/// fan-out of a batched scenario (§8). Reqnroll wraps every step and hook call in a scope that sets the thread culture to
/// the feature's binding culture, and resolving that culture rebuilds Gherkin's keyword tables each time. The suite runs
/// with invariant globalization (every culture has the invariant culture's data, and Reqnroll converts step arguments
/// with the binding culture explicitly), so the switch changes nothing but costs a noticeable share of an offline scenario.
/// </summary>
public sealed class CultureFreeBindingInvoker(
    ReqnrollConfiguration reqnrollConfiguration, IErrorProvider errorProvider, IBindingDelegateInvoker bindingDelegateInvoker, IEnvironmentOptions environmentOptions)
    : BindingInvoker(reqnrollConfiguration, errorProvider, bindingDelegateInvoker, environmentOptions)
{
    /// <summary>A scope without a feature context leaves the thread culture as it is.</summary>
    protected override CultureInfoScope CreateCultureInfoScope(IContextManager contextManager) => new(null);

    /// <summary>
    /// In a batched scenario (a <see cref="ScenarioBatch"/> in the scenario container), step and scenario-hook bindings
    /// are called once per file and never throw a file's outcome to Reqnroll; anything else goes to Reqnroll's invoker.
    /// </summary>
    public override async Task<object> InvokeBindingAsync(IBinding binding, IContextManager contextManager, object[] arguments, ITestTracer testTracer,
        DurationHolder durationHolder)
    {
        bool isStep = binding is IStepDefinitionBinding;
        if ((isStep || binding is IHookBinding { HookType: HookType.BeforeScenario or HookType.AfterScenario or HookType.BeforeScenarioBlock or HookType.AfterScenarioBlock or HookType.BeforeStep or HookType.AfterStep })
            && contextManager.ScenarioContext?.ScenarioContainer is { } container && container.IsRegistered<ScenarioBatch>())
        {
            EnsureReflectionInfo(binding, out System.Reflection.MethodInfo method, out _);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await container.Resolve<ScenarioBatch>().InvokeForEachAsync(BatchBinding.For(method), arguments ?? [], isStep).ConfigureAwait(false);
            durationHolder.Duration = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            return null!;
        }

        return await base.InvokeBindingAsync(binding, contextManager, arguments, testTracer, durationHolder).ConfigureAwait(false);
    }
}

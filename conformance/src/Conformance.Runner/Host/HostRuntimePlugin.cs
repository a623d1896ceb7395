using Reqnroll;
using Reqnroll.Events;
using Reqnroll.Plugins;
using Reqnroll.Tracing;
using Reqnroll.UnitTestProvider;

namespace Conformance.Runner.Host;

/// <summary>
/// Installs what Reqnroll's xUnit/NUnit packages would normally provide (docs/running-reqnroll.md §2): a unit-test runtime
/// provider, a step-result listener, and a silent trace listener.
/// </summary>
public sealed class HostRuntimePlugin : IRuntimePlugin
{
    public const string ProviderName = "tsa-conformance-host";

    public void Initialize(RuntimePluginEvents runtimePluginEvents, RuntimePluginParameters runtimePluginParameters, UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        unitTestProviderConfiguration.UseUnitTestProvider(ProviderName);
        runtimePluginEvents.RegisterGlobalDependencies += (_, e) =>
            e.ObjectContainer.RegisterTypeAs<HostUnitTestRuntimeProvider, IUnitTestRuntimeProvider>(ProviderName);
        runtimePluginEvents.CustomizeGlobalDependencies += (_, e) => RegisterFastPaths(e.ObjectContainer);
        runtimePluginEvents.CustomizeTestThreadDependencies += (_, e) =>
        {
            e.ObjectContainer.RegisterTypeAs<SilentTraceListener, ITraceListener>();
            RegisterFastPaths(e.ObjectContainer);
            e.ObjectContainer.Resolve<ITestThreadExecutionEventPublisher>().AddListener(new StepResultListener());
        };
    }

    /// <summary>Cached step matching and no per-call culture switch (docs/running-reqnroll.md §7).</summary>
    private static void RegisterFastPaths(Reqnroll.BoDi.IObjectContainer container)
    {
        container.RegisterTypeAs<CachedStepMatches, Reqnroll.Infrastructure.IStepDefinitionMatchService>();
        container.RegisterTypeAs<CultureFreeBindingInvoker, Reqnroll.Bindings.IAsyncBindingInvoker>();
    }
}

/// <summary>Signals pending/inconclusive/ignored outcomes back to the host; the host decides by ScenarioExecutionStatus.</summary>
public sealed class HostUnitTestRuntimeProvider : IUnitTestRuntimeProvider
{
    public void TestPending(string message) => throw new ScenarioNotRunException("pending", message);

    public void TestInconclusive(string message) => throw new ScenarioNotRunException("inconclusive", message);

    public void TestIgnore(string message) => throw new ScenarioNotRunException("ignored", message);

    public ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) => exception switch
    {
        ScenarioNotRunException { Kind: "pending" } => ScenarioExecutionStatus.StepDefinitionPending,
        ScenarioNotRunException => ScenarioExecutionStatus.Skipped,
        _ => null,
    };
}

public sealed class ScenarioNotRunException(string kind, string message) : Exception(message)
{
    public string Kind { get; } = kind;
}

/// <summary>Keeps Reqnroll's step trace off the console; the host reports steps itself.</summary>
public sealed class SilentTraceListener : ITraceListener
{
    public void WriteTestOutput(string message)
    {
    }

    public void WriteToolOutput(string message)
    {
    }
}

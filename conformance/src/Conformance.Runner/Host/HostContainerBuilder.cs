using Reqnroll.BoDi;
using Reqnroll.Infrastructure;
using Reqnroll.Plugins;

namespace Conformance.Runner.Host;

/// <summary>Installs <see cref="HostRuntimePlugin"/> from code (docs/running-reqnroll.md §2): no reqnroll.json, no plugin file.</summary>
internal sealed class HostContainerBuilder() : ContainerBuilder(null)
{
    protected override void RegisterDefaults(ObjectContainer container)
    {
        base.RegisterDefaults(container);

        // Before plugins load: keeps "-> Loading plugin ..." and "-> Using default config" off the console.
        container.RegisterTypeAs<SilentTraceListener, Reqnroll.Tracing.ITraceListener>();
        container.RegisterInstanceAs<IRuntimePlugin>(new HostRuntimePlugin(), HostRuntimePlugin.ProviderName);
    }
}

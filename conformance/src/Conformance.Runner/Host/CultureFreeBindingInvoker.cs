using Reqnroll;
using Reqnroll.Bindings;
using Reqnroll.Configuration;
using Reqnroll.EnvironmentAccess;
using Reqnroll.ErrorHandling;
using Reqnroll.Infrastructure;

namespace Conformance.Runner.Host;

/// <summary>
/// Reqnroll's binding invoker without the per-call culture switch (docs/running-reqnroll.md §7). Reqnroll wraps every step
/// and hook call in a scope that sets the thread culture to the feature's binding culture, and resolving that culture
/// rebuilds Gherkin's keyword tables each time. The suite runs with invariant globalization (every culture has the
/// invariant culture's data, and Reqnroll converts step arguments with the binding culture explicitly), so the switch
/// changes nothing but costs a noticeable share of an offline scenario.
/// </summary>
public sealed class CultureFreeBindingInvoker(
    ReqnrollConfiguration reqnrollConfiguration, IErrorProvider errorProvider, IBindingDelegateInvoker bindingDelegateInvoker, IEnvironmentOptions environmentOptions)
    : BindingInvoker(reqnrollConfiguration, errorProvider, bindingDelegateInvoker, environmentOptions)
{
    /// <summary>A scope without a feature context leaves the thread culture as it is.</summary>
    protected override CultureInfoScope CreateCultureInfoScope(IContextManager contextManager) => new(null);
}

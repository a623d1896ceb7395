using System.Collections.Concurrent;
using System.Globalization;
using Reqnroll.Bindings;
using Reqnroll.ErrorHandling;
using Reqnroll.Infrastructure;

namespace Conformance.Runner.Host;

/// <summary>
/// Step matching with a process-wide cache (docs/running-reqnroll.md §7). Reqnroll matches every step text against every
/// binding's regular expression and builds a new <see cref="BindingMatch"/> (which reads the method's attributes by
/// reflection) each time a step runs; an inspection of 1,000 tokens runs the same few hundred step texts tens of
/// thousands of times. A match depends only on the step's kind, its text and the binding culture as long as no binding
/// is scoped ([Scope]) and the step has no table or doc string (those become arguments), so only such matches are
/// cached; everything else goes to Reqnroll's own service unchanged, as do failed matches (their errors stay Reqnroll's).
/// </summary>
public sealed class CachedStepMatches : IStepDefinitionMatchService
{
    private static readonly ConcurrentDictionary<(IBindingRegistry Registry, StepDefinitionType Type, string Text, string Culture), BindingMatch> Cache = new();

    private readonly StepDefinitionMatchService _inner;
    private readonly IBindingRegistry _registry;
    private readonly bool _cacheable;

    public CachedStepMatches(IBindingRegistry bindingRegistry, IStepArgumentTypeConverter stepArgumentTypeConverter, IErrorProvider errorProvider,
        IMatchArgumentCalculator matchArgumentCalculator)
    {
        _inner = new StepDefinitionMatchService(bindingRegistry, stepArgumentTypeConverter, errorProvider, matchArgumentCalculator);
        _registry = bindingRegistry;
        _cacheable = !bindingRegistry.GetStepDefinitions().Any(b => b.IsScoped);
    }

    public bool Ready => _inner.Ready;

    public BindingMatch GetBestMatch(StepInstance stepInstance, CultureInfo bindingCulture, out StepDefinitionAmbiguityReason ambiguityReason,
        out List<BindingMatch> candidatingMatches)
    {
        bool cacheable = _cacheable && stepInstance.MultilineTextArgument is null && stepInstance.TableArgument is null;
        var key = (_registry, stepInstance.StepDefinitionType, stepInstance.Text, bindingCulture.Name);
        if (cacheable && Cache.TryGetValue(key, out BindingMatch? cached))
        {
            ambiguityReason = StepDefinitionAmbiguityReason.None;
            candidatingMatches = [cached];
            return cached;
        }

        BindingMatch match = _inner.GetBestMatch(stepInstance, bindingCulture, out ambiguityReason, out candidatingMatches);
        if (cacheable && match.Success && ambiguityReason == StepDefinitionAmbiguityReason.None)
        {
            Cache.TryAdd(key, match);
        }

        return match;
    }

    public BindingMatch Match(IStepDefinitionBinding stepDefinitionBinding, StepInstance stepInstance, CultureInfo bindingCulture, bool useRegexMatching = true,
        bool useParamMatching = true, bool useScopeMatching = true) =>
        _inner.Match(stepDefinitionBinding, stepInstance, bindingCulture, useRegexMatching, useParamMatching, useScopeMatching);
}

using System.Collections.Concurrent;
using System.Reflection;
using Reqnroll.BoDi;

namespace Conformance.Runner.Host;

/// <summary>
/// What the bindings of one file in a batched scenario (<see cref="ScenarioBatch"/>) are given: that file's own services
/// (its target, evidence sink and requirements), and binding classes and state objects created for that file alone, as
/// a child of the scenario container would hold them. Types Reqnroll registered in the scenario container or above
/// (its contexts, the test runner) are taken from there and so shared by the files of the batch; the suite's bindings keep
/// no per-file state in them. Objects are created with the constructor Reqnroll's container would choose (the public one
/// with most parameters), through an invoker built once per type: Reqnroll's container looks the constructor up by
/// reflection for every object, which over thousands of files keeps the runtime compiling and finalizing call stubs.
/// </summary>
internal sealed class FileScope(IObjectContainer scenarioContainer) : IDisposable
{
    private static readonly ConcurrentDictionary<Type, Factory> Factories = new();

    private readonly Dictionary<Type, object> _instances = [];
    private readonly List<IDisposable> _created = [];

    /// <summary>A service of this file, under its own type.</summary>
    public void Add(object service) => _instances[service.GetType()] = service;

    public object Resolve(Type type) => Resolve(type, 0);

    private object Resolve(Type type, int depth)
    {
        if (_instances.TryGetValue(type, out object? known))
        {
            return known;
        }

        if (scenarioContainer.IsRegistered(type))
        {
            return scenarioContainer.Resolve(type);
        }

        if (depth > 16)
        {
            throw new InvalidOperationException($"binding dependencies nest too deep (circular?) at {type.FullName}");
        }

        Factory factory = Factories.GetOrAdd(type, Factory.For);
        object?[] arguments = new object?[factory.Parameters.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Resolve(factory.Parameters[i], depth + 1);
        }

        object created = factory.Invoker.Invoke(new Span<object?>(arguments));
        _instances[type] = created;
        if (created is IDisposable disposable)
        {
            _created.Add(disposable);
        }

        return created;
    }

    public void Dispose()
    {
        foreach (IDisposable created in _created)
        {
            created.Dispose();
        }
    }

    private sealed record Factory(ConstructorInvoker Invoker, Type[] Parameters)
    {
        public static Factory For(Type type)
        {
            ConstructorInfo[] constructors = type.GetConstructors();
            if (constructors.Length == 0)
            {
                throw new InvalidOperationException($"{type.FullName} has no public constructor to create it for a file of a batch");
            }

            int most = constructors.Max(c => c.GetParameters().Length);
            ConstructorInfo[] widest = [.. constructors.Where(c => c.GetParameters().Length == most)];
            if (widest.Length != 1)
            {
                throw new InvalidOperationException($"{type.FullName} has several public constructors with {most} parameters");
            }

            return new Factory(ConstructorInvoker.Create(widest[0]), [.. widest[0].GetParameters().Select(p => p.ParameterType)]);
        }
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using Reqnroll.BoDi;

namespace Conformance.Runner.Host;

/// <summary>
/// A step or hook method called for one file of a <see cref="ScenarioBatch"/>: its binding class is resolved from that
/// file's container (so each file has its own instance and state) and the method is called with the arguments Reqnroll
/// converted once for the batch. What the method throws, directly or from its task, is returned, not thrown.
/// </summary>
internal sealed class BatchBinding
{
    private static readonly ConcurrentDictionary<MethodInfo, BatchBinding> Known = new();

    private readonly MethodInfo _method;
    private readonly MethodInvoker _invoker;

    private BatchBinding(MethodInfo method)
    {
        _method = method;
        _invoker = MethodInvoker.Create(method);
    }

    public static BatchBinding For(MethodInfo method) => Known.GetOrAdd(method, m => new BatchBinding(m));

    public async Task<Exception?> InvokeAsync(IObjectContainer container, object[] arguments)
    {
        try
        {
            object? instance = _method.IsStatic ? null : container.Resolve(_method.ReflectedType!);
            object? result = _invoker.Invoke(instance, new Span<object?>(arguments));
            if (result is Task task)
            {
                await task.ConfigureAwait(false);
            }

            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            return e.InnerException;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

using System.Collections.Concurrent;
using System.Reflection;

namespace Conformance.Runner.Host;

/// <summary>
/// A step or hook method called for one file of a <see cref="ScenarioBatch"/>: its binding class is resolved from that
/// file's scope (so each file has its own instance and state) and the method is called with the arguments Reqnroll
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

    public async Task<Exception?> InvokeAsync(FileScope scope, object[] arguments)
    {
        try
        {
            object? instance = _method.IsStatic ? null : scope.Resolve(_method.ReflectedType!);
            object? result = _invoker.Invoke(instance, new Span<object?>(arguments));
            if (result is not Task task)
            {
                return null;
            }

            await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (task.IsCompletedSuccessfully)
            {
                return null;
            }

            // Rethrown to be caught below: Task.Exception would build an AggregateException, whose message lookup takes a
            // process-wide lock that parallel features then queue on.
            task.GetAwaiter().GetResult();
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

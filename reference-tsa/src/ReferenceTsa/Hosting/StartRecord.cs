using ReferenceTsa.EvidenceLog;

namespace ReferenceTsa.Hosting;

/// <summary>
/// The node's start record in the evidence log (which node, endpoints, TSUs and keys). It is written once the host
/// has started; until it is durable the node is not ready (/readyz 503), and a write that fails (database away) is
/// retried every second rather than lost, so a node never serves for long without its start on record.
/// </summary>
public sealed class StartRecord
{
    private readonly TaskCompletionSource _durable = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _problem;

    public bool Written => _durable.Task.IsCompleted;

    /// <summary>Completes once the start record is durable.</summary>
    public Task Durable => _durable.Task;

    /// <summary>Why the record is not written yet, for /readyz.</summary>
    public string Reason => _problem is { } problem
        ? $"the start record is not yet in the evidence log: {problem}"
        : "the start record is not yet in the evidence log";

    public async Task WriteAsync(IEvidenceLog evidence, object payload, ILogger logger, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await evidence.AppendAsync("start", payload).ConfigureAwait(false);
                _problem = null;
                _durable.TrySetResult();
                return;
            }
            catch (EvidenceLogUnavailableException e)
            {
                _problem = e.Message;
                logger.LogError("The start record could not be written, retrying in 1 s (not ready meanwhile): {Reason}", e.Message);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

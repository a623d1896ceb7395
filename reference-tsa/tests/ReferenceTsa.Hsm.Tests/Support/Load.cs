using System.Collections.Concurrent;

namespace ReferenceTsa.Hsm.Tests.Support;

/// <summary>
/// Clients posting requests to one TSU (the first when null) in a loop until stopped; every outcome and every
/// client-side error is kept.
/// </summary>
public sealed class Load
{
    private readonly HsmTsa _tsa;
    private readonly string? _tsu;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];

    public Load(HsmTsa tsa, int clients, string? tsu = null)
    {
        _tsa = tsa;
        _tsu = tsu;
        for (int i = 0; i < clients; i++)
        {
            _clients.Add(Task.Run(ClientAsync));
        }
    }

    public ConcurrentQueue<Outcome> Outcomes { get; } = new();

    public ConcurrentQueue<Exception> Errors { get; } = new();

    private async Task ClientAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                Outcomes.Enqueue(await _tsa.RequestAsync(tsu: _tsu));
            }
            catch (Exception e)
            {
                Errors.Enqueue(e);
            }
        }
    }

    /// <summary>Waits until a granted response to a request started after <paramref name="after"/> arrives.</summary>
    public async Task<bool> WaitForGrantAfterAsync(DateTimeOffset after, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Outcomes.Any(o => o.Started > after && o.Granted))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }
}

using System.Collections.Concurrent;

namespace ReferenceTsa.Clock;

/// <summary>
/// Polls every configured time source (NTP server or chrony tracking) each interval, concurrently, and feeds the latest sample (or error) of each to
/// the <see cref="ClockGate"/>. Runs for the life of the server.
/// </summary>
public sealed class TimeSourceMonitor(
    IReadOnlyList<string> sources,
    ClockGate gate,
    TimeProvider clock,
    TimeSpan pollInterval,
    TimeSpan queryTimeout,
    ILogger<TimeSourceMonitor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, (NtpSample? Sample, string? Error)> _latest = new();
    private readonly HashSet<string> _warned = [];

    /// <summary>Polls once and evaluates; the server calls it before accepting requests so it starts with a verdict.</summary>
    public async Task<ClockState> PollOnceAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(sources.Select(async source =>
        {
            try
            {
                var sample = ChronyTracking.IsChronySource(source)
                    ? await ChronyTracking.QueryAsync(source, clock, queryTimeout, cancellationToken)
                    : await SntpClient.QueryAsync(source, clock, queryTimeout, cancellationToken);
                _latest[source] = (sample, null);
            }
            catch (Exception e) when (e is TimeoutException or InvalidDataException or System.Net.Sockets.SocketException)
            {
                // Keep the last good sample: the gate judges its age.
                _latest.AddOrUpdate(source, (null, e.Message), (_, old) => (old.Sample, e.Message));
                logger.LogDebug("Time source {Source}: {Error}", source, e.Message);
            }
        }));

        var state = gate.Evaluate(new Dictionary<string, (NtpSample?, string?)>(_latest), clock.GetUtcNow());
        LogNewWarnings(state.Warnings);
        return state;
    }

    /// <summary>Each warning (a refused smearing source, an expired leap-second list) is logged when it first appears.</summary>
    private void LogNewWarnings(IReadOnlyList<string> warnings)
    {
        lock (_warned)
        {
            foreach (string warning in warnings.Where(w => !_warned.Contains(w)))
            {
                logger.LogWarning("Time sources: {Warning}", warning);
            }

            _warned.Clear();
            _warned.UnionWith(warnings);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(pollInterval, clock);
        do
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Time source monitoring failed; the clock gate closes when samples go stale");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

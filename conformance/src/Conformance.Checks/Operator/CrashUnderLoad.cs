namespace Conformance.Checks.Operator;

/// <summary>The tokens granted on each side of a kill-and-restart, and the whole timeline of the load.</summary>
public sealed record CrashUnderLoadResult(
    IReadOnlyList<IssuanceAttempt> BeforeCrash, IReadOnlyList<IssuanceAttempt> AfterRestart, IReadOnlyList<IssuanceAttempt> Timeline, int Clients);

/// <summary>
/// The load generator of the serial-number crash test (TSP-REF-006): <see cref="Clients"/> clients send requests without
/// pause while the operator kills the TSA and starts it again on the same state; enough tokens are collected on each
/// side of the kill to make a reused serial number visible, within a bounded time. Clients that get no token wait
/// 50 ms before they retry, like a real client would, so a TSA that is down is not hammered.
/// </summary>
public sealed class CrashUnderLoad(IssuanceProbe probe, Uri url)
{
    public int Clients { get; init; } = 4;

    /// <summary>Tokens wanted before the kill and again after the restart.</summary>
    public int TokensEachSide { get; init; } = 40;

    /// <summary>How long to wait for <see cref="TokensEachSide"/> tokens on either side before going on with fewer.</summary>
    public TimeSpan SideLimit { get; init; } = TimeSpan.FromSeconds(20);

    public async Task<CrashUnderLoadResult> RunAsync(IOperatedTsa tsa, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] load = [.. Enumerable.Range(0, Clients).Select(_ => ClientAsync(stop.Token))];
        await UntilGrantedAsync(DateTimeOffset.MinValue, cancellationToken).ConfigureAwait(false);
        DateTimeOffset crash = probe.Now;
        probe.Note("SIGKILL while the clients are being served, then start again on the same state");
        await tsa.CrashAndRestartAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset restarted = probe.Now;
        probe.Note("restarted");
        await UntilGrantedAsync(restarted, cancellationToken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(load).ConfigureAwait(false);

        IReadOnlyList<IssuanceAttempt> timeline = probe.Timeline;
        return new CrashUnderLoadResult(
            [.. timeline.Where(a => a.Granted && a.ReceivedAt <= crash)],
            [.. timeline.Where(a => a.Granted && a.SentAt >= restarted)],
            timeline,
            Clients);
    }

    private async Task ClientAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!(await probe.RequestAsync(url, cancellationToken).ConfigureAwait(false)).Granted)
                {
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false); // down: retry without spinning
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task UntilGrantedAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        DateTimeOffset deadline = probe.Now + SideLimit;
        while (probe.Timeline.Count(a => a.Granted && a.SentAt >= since) < TokensEachSide && probe.Now < deadline)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }
}

namespace Conformance.Checks.Operator;

/// <summary>
/// What only the TSA's operator can do: start the service with a given configuration or fault, cut or skew its UTC
/// sources, crash it and start it again, and hand over its event log. White-box requirements (TSP-REF-001..007) need
/// this; without it they need attested evidence. The reference target implements it by starting throw-away instances
/// of the reference TSA; nothing here knows how a particular TSA is built.
/// </summary>
public interface ITsaOperatorControl
{
    /// <summary>Who performs the operations, for the evidence (e.g. "reference TSA, throw-away instances").</summary>
    string Description { get; }

    /// <summary>
    /// Starts a separate instance of the service set up as asked. A configuration the TSA refuses is a result, not an
    /// error: <see cref="IOperatedTsa.StartRefusal"/> says why it did not start.
    /// </summary>
    Task<IOperatedTsa> StartAsync(OperatedTsaSetup setup, CancellationToken cancellationToken);
}

/// <summary>One instance started by the operator for a scenario; disposing it stops it and removes what it left.</summary>
public interface IOperatedTsa : IAsyncDisposable
{
    /// <summary>Null when the instance runs; otherwise the reason the TSA gave for refusing to start.</summary>
    string? StartRefusal { get; }

    Uri? NonQualifiedUrl { get; }
    Uri? QualifiedUrl { get; }

    /// <summary>Every UTC source of the instance stops answering (an outage of the time sources).</summary>
    Task StopTimeSourcesAsync(CancellationToken cancellationToken);

    /// <summary>Every UTC source reports a time that is off by <paramref name="offset"/>.</summary>
    Task OffsetTimeSourcesAsync(TimeSpan offset, CancellationToken cancellationToken);

    /// <summary>The UTC sources answer correctly again.</summary>
    Task RestoreTimeSourcesAsync(CancellationToken cancellationToken);

    /// <summary>Kills the process without an orderly shutdown (SIGKILL) and starts it again on the same state.</summary>
    Task CrashAndRestartAsync(CancellationToken cancellationToken);

    /// <summary>The instance's event log as the operator keeps it, oldest first.</summary>
    Task<IReadOnlyList<TsaLogEntry>> ReadEventLogAsync(CancellationToken cancellationToken);
}

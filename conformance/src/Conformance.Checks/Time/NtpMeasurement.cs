namespace Conformance.Checks.Time;

/// <summary>
/// One SNTP exchange (RFC 4330 §5; RFC 5905 §8): the local clock's offset from the server and the round-trip delay,
/// with what the server says about its own distance from its reference (root delay and root dispersion).
/// </summary>
public sealed record NtpMeasurement
{
    public required NtpServerAddress Server { get; init; }

    /// <summary>Server time minus local time: ((T2 - T1) + (T3 - T4)) / 2.</summary>
    public required TimeSpan Offset { get; init; }

    /// <summary>Round trip without the server's processing: (T4 - T1) - (T3 - T2).</summary>
    public required TimeSpan Delay { get; init; }

    public required int LeapIndicator { get; init; }
    public required int Version { get; init; }
    public required int Stratum { get; init; }
    public required TimeSpan RootDelay { get; init; }
    public required TimeSpan RootDispersion { get; init; }

    /// <summary>The reference identifier: four ASCII characters at stratum 1, an IPv4 address (or hash of one) above.</summary>
    public required string ReferenceId { get; init; }

    /// <summary>Local UTC instant the answer arrived (T4).</summary>
    public required DateTimeOffset ReceivedAtUtc { get; init; }

    /// <summary>
    /// The bound on the local clock's error against UTC this exchange supports: |offset| + delay / 2 + root dispersion
    /// + root delay / 2. The last two are the server's own root distance (RFC 5905 §11.2.1), so the bound is only as
    /// good as the server's traceability to UTC.
    /// </summary>
    public TimeSpan Uncertainty => Offset.Duration() + (Delay / 2) + RootDispersion + (RootDelay / 2);
}

namespace ReferenceTsa.Clock;

/// <summary>
/// One NTP exchange with a time source (RFC 5905 §8): the local clock's offset from the source, the round-trip
/// delay, and what the source says of its own distance to UTC (root delay and root dispersion).
/// </summary>
public sealed record NtpSample(
    string Source,
    DateTimeOffset Taken,
    TimeSpan Offset,
    TimeSpan RoundTripDelay,
    TimeSpan RootDelay,
    TimeSpan RootDispersion,
    int Stratum,
    int LeapIndicator,
    string ReferenceId)
{
    /// <summary>
    /// How far local time can be from UTC according to this sample:
    /// |offset| + root dispersion + root delay / 2 + round-trip delay / 2 (the synchronisation distance, RFC 5905 §11.2).
    /// </summary>
    public TimeSpan ErrorBound => Offset.Duration() + RootDispersion + RootDelay / 2 + RoundTripDelay / 2;

    /// <summary>Leap indicator 3 means the source itself is not synchronised.</summary>
    public bool SourceSynchronised => LeapIndicator != 3 && Stratum is >= 1 and <= 15;
}

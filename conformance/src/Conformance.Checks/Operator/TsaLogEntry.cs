namespace Conformance.Checks.Operator;

/// <summary>What an event-log entry records, as far as EN 319 421 OVR-7.12 distinguishes events.</summary>
public enum TsaLogCategory
{
    Other,

    /// <summary>A TSU key life-cycle event: generation, activation, backup, expiry, destruction (OVR-7.12-02).</summary>
    KeyLifecycle,

    /// <summary>A TSU certificate life-cycle event: request, installation, renewal, revocation (OVR-7.12-03).</summary>
    CertificateLifecycle,

    /// <summary>The clock is (again) synchronised with UTC within the declared accuracy.</summary>
    ClockSynchronised,

    /// <summary>Synchronisation with UTC was lost (the TSA stops issuing).</summary>
    ClockSynchronisationLost,

    /// <summary>A time-stamp token was issued.</summary>
    TokenIssued,
}

/// <summary>One entry of the operator's event log: when (as recorded, with its own text form), what, and the details.</summary>
public sealed record TsaLogEntry(DateTimeOffset Time, string RecordedTimeText, TsaLogCategory Category, string Event, string Details)
{
    public override string ToString() => $"{RecordedTimeText}  {Category}  {Event}  {Details}";
}

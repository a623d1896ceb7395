namespace Conformance.Checks.Time;

/// <summary>
/// How the local clock is tied to UTC for the time-accuracy checks: measured against an NTP server (--ntp), declared
/// (--clock-uncertainty), or the TSA runs on this very clock (--target reference). With none of these, TSP-TIME-001
/// cannot be judged.
/// </summary>
public sealed record ClockReferenceSettings
{
    public static readonly ClockReferenceSettings None = new();

    /// <summary>The TSA under test reads the same clock as the suite (the embedded reference TSA).</summary>
    public static readonly ClockReferenceSettings SameHostAsTsa = new() { SameHostClock = true };

    public NtpServerAddress? NtpServer { get; init; }

    /// <summary>
    /// A declared bound on the local clock's error against UTC. Alone it is the uncertainty; together with an NTP server it
    /// is added to the measured one (it stands for what the server's root distance does not cover).
    /// </summary>
    public TimeSpan? DeclaredUncertainty { get; init; }

    public bool SameHostClock { get; init; }

    public bool IsNone => NtpServer is null && DeclaredUncertainty is null && !SameHostClock;
}

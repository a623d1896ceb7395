using ReferenceTsa.Issuance;

namespace ReferenceTsa.Configuration;

/// <summary>The validated, loaded trust service: its TSUs and service access points, ready to issue.</summary>
public sealed class TimeStampingService(
    IReadOnlyList<TimeStampingUnit> tsus,
    IReadOnlyList<IssuancePolicy> endpoints,
    int maxRequestBytes,
    string dataDirectory) : IDisposable
{
    public IReadOnlyList<TimeStampingUnit> Tsus { get; } = tsus;

    public IReadOnlyList<IssuancePolicy> Endpoints { get; } = endpoints;

    public int MaxRequestBytes { get; } = maxRequestBytes;

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>How the clock is monitored; unmonitored only where the configuration allows it (development).</summary>
    public Clock.ClockSettings Clock { get; init; } = global::ReferenceTsa.Clock.ClockSettings.Unmonitored;

    /// <summary>The evidence log's backend and checkpoint interval (SQLite in the data directory by default).</summary>
    public EvidenceLog.EvidenceLogSettings EvidenceLog { get; init; } = global::ReferenceTsa.EvidenceLog.EvidenceLogSettings.Sqlite;

    /// <summary>Injected defects (development mode only); <see cref="Defects.ActiveDefects.None"/> otherwise.</summary>
    /// <summary>/readyz names the HSM token, its sessions and its last fault (Tsa:ReadyzDetail); off by default.</summary>
    public bool ReadyzDetail { get; init; }

    public Defects.ActiveDefects Defects { get; init; } = global::ReferenceTsa.Defects.ActiveDefects.None;

    /// <summary>The HTTPS server certificate files; null when the configuration has no Tsa:Tls section.</summary>
    public Tls.TlsSettings? Tls { get; init; }

    /// <summary>Console log format and whether each request gets an access-log line.</summary>
    public Observability.LoggingOptions Logging { get; init; } = new();

    public void Dispose()
    {
        foreach (var tsu in Tsus)
        {
            tsu.Dispose();
        }
    }
}

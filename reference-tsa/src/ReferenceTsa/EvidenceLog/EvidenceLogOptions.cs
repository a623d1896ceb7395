namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// Where the evidence log lives (Tsa:EvidenceLog): SQLite in the data directory (the default, one node), or a
/// PostgreSQL database shared by several TSA nodes. The password is never part of the configuration file.
/// </summary>
public sealed class EvidenceLogOptions
{
    /// <summary>"sqlite" (DIR/evidence.sqlite) or "postgresql".</summary>
    public string Provider { get; set; } = EvidenceLogSettings.SqliteProvider;

    /// <summary>postgresql: an Npgsql connection string without a password (Host=db;Port=5432;Database=tsa;Username=tsa).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>postgresql: environment variable holding the database password (never on a command line, never logged).</summary>
    public string? PasswordEnvironmentVariable { get; set; }

    /// <summary>postgresql: file holding the database password (trailing newline ignored); readable by the TSA alone.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>How often the chain head is time-stamped by the TSA itself: "30s", "10m", "1h".</summary>
    public string CheckpointInterval { get; set; } = "10m";
}

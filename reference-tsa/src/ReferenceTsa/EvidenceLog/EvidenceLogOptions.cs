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

    /// <summary>
    /// At most this long between a record and the checkpoint that time-stamps it: "10s", "10m", "1h". A checkpoint is
    /// taken when this much time has passed since the last one and records were added, or after
    /// <see cref="CheckpointEveryRecords"/> records, whichever comes first.
    /// </summary>
    public string CheckpointInterval { get; set; } = "10s";

    /// <summary>A checkpoint after at most this many new records (1 to 1000000).</summary>
    public int CheckpointEveryRecords { get; set; } = 100;

    /// <summary>
    /// Append each checkpoint as one JSON line to this file (relative to the configuration file), for shipping
    /// off the TSA host; `audit verify` checks the log against it. None when unset.
    /// </summary>
    public string? CheckpointExportFile { get; set; }

    /// <summary>Also write each checkpoint as one JSON line to standard output, for a log collector.</summary>
    public bool CheckpointExportStdout { get; set; }
}

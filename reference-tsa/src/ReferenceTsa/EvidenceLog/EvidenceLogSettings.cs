using System.Globalization;
using Npgsql;
using ReferenceTsa.Configuration;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// The validated Tsa:EvidenceLog section: which backend, how to reach it (the PostgreSQL password already read from
/// its environment variable or file, and kept out of <see cref="Description"/>), and the checkpoint interval.
/// </summary>
public sealed class EvidenceLogSettings
{
    public const string SqliteProvider = "sqlite";
    public const string PostgresProvider = "postgresql";
    private const string Prefix = "Tsa:EvidenceLog";

    private readonly string? _postgresConnectionString;

    private EvidenceLogSettings(string provider, string? postgresConnectionString, string? description, TimeSpan checkpointInterval)
    {
        Provider = provider;
        _postgresConnectionString = postgresConnectionString;
        Description = description;
        CheckpointInterval = checkpointInterval;
    }

    /// <summary>The default: SQLite in the data directory, a checkpoint every ten seconds or 100 records, no export.</summary>
    public static EvidenceLogSettings Sqlite { get; } = new(SqliteProvider, null, null, TimeSpan.FromSeconds(10));

    public string Provider { get; }

    public bool IsPostgres => Provider == PostgresProvider;

    public TimeSpan CheckpointInterval { get; }

    /// <summary>A checkpoint after at most this many new records.</summary>
    public int CheckpointEveryRecords { get; private init; } = 100;

    /// <summary>The full path of the JSON-lines file each checkpoint is appended to, or null.</summary>
    public string? CheckpointExportFile { get; private init; }

    /// <summary>Each checkpoint also goes to standard output as one JSON line.</summary>
    public bool CheckpointExportStdout { get; private init; }

    /// <summary>Where the log is, for logs and messages: the SQLite file, or the connection string without its password.</summary>
    public string? Description { get; }

    public string Where(string dataDirectory) => IsPostgres
        ? $"PostgreSQL {Description}"
        : Path.Combine(dataDirectory, SqliteEvidenceLog.FileName);

    /// <summary>Opens the log for appending; a database that cannot be reached stops start-up with the setting named.</summary>
    public IEvidenceLog Open(string dataDirectory, TimeProvider? clock = null)
    {
        try
        {
            return IsPostgres
                ? new PostgresEvidenceLog(_postgresConnectionString!, Description!, clock)
                : new SqliteEvidenceLog(Path.Combine(dataDirectory, SqliteEvidenceLog.FileName), clock);
        }
        catch (Exception e) when (e is NpgsqlException or EvidenceLogUnavailableException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new TsaConfigurationException(Where(dataDirectory),
                [new ConfigurationProblem(IsPostgres ? $"{Prefix}:ConnectionString" : "Tsa:DataDirectory", $"the evidence log cannot be opened: {e.Message}")]);
        }
    }

    /// <summary>Opens the log read-only for `audit verify`.</summary>
    public IEvidenceRecordSource OpenForReading(string dataDirectory) => IsPostgres
        ? new PostgresEvidenceRecords(_postgresConnectionString!, Description!)
        : new SqliteEvidenceRecords(Path.Combine(dataDirectory, SqliteEvidenceLog.FileName));

    /// <summary>Checks the section; adds a problem naming the setting for anything wrong and returns null then.</summary>
    public static EvidenceLogSettings? Validate(EvidenceLogOptions options, string baseDirectory, List<ConfigurationProblem> problems)
    {
        int before = problems.Count;
        if (!TryParseInterval(options.CheckpointInterval, out var interval))
        {
            problems.Add(new($"{Prefix}:CheckpointInterval", $"'{options.CheckpointInterval}' is not a duration from 100ms to 24h such as 30s, 10m or 1h"));
        }

        if (options.CheckpointEveryRecords is < 1 or > 1_000_000)
        {
            problems.Add(new($"{Prefix}:CheckpointEveryRecords", $"{options.CheckpointEveryRecords} is outside 1 to 1000000"));
        }

        string? export = string.IsNullOrWhiteSpace(options.CheckpointExportFile) ? null : Path.GetFullPath(options.CheckpointExportFile, baseDirectory);
        if (export is not null && !Directory.Exists(Path.GetDirectoryName(export)))
        {
            problems.Add(new($"{Prefix}:CheckpointExportFile", $"the folder of {export} does not exist"));
        }

        EvidenceLogSettings WithCheckpoints(EvidenceLogSettings settings) => new(settings.Provider, settings._postgresConnectionString, settings.Description, settings.CheckpointInterval)
        {
            CheckpointEveryRecords = options.CheckpointEveryRecords,
            CheckpointExportFile = export,
            CheckpointExportStdout = options.CheckpointExportStdout,
        };

        string provider = (options.Provider ?? "").Trim().ToLowerInvariant();
        if (provider is "postgres")
        {
            provider = PostgresProvider;
        }

        if (provider == SqliteProvider)
        {
            if (options.ConnectionString is { Length: > 0 } || options.PasswordEnvironmentVariable is { Length: > 0 } || options.PasswordFile is { Length: > 0 })
            {
                problems.Add(new($"{Prefix}:Provider", "ConnectionString and the password settings apply to the postgresql provider only"));
            }

            return problems.Count > before ? null : WithCheckpoints(new EvidenceLogSettings(SqliteProvider, null, null, interval));
        }

        if (provider != PostgresProvider)
        {
            problems.Add(new($"{Prefix}:Provider", $"'{options.Provider}' is not sqlite or postgresql"));
            return null;
        }

        var builder = ParseConnectionString(options.ConnectionString, problems);
        string? password = ReadPassword(options, baseDirectory, problems);
        if (builder is null || problems.Count > before)
        {
            return null;
        }

        builder.Password = password;
        builder.ApplicationName ??= "reference-tsa";
        string description = Describe(builder);
        return WithCheckpoints(new EvidenceLogSettings(PostgresProvider, builder.ConnectionString, description, interval));
    }

    private static NpgsqlConnectionStringBuilder? ParseConnectionString(string? text, List<ConfigurationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(new($"{Prefix}:ConnectionString", "the postgresql provider needs a connection string such as Host=db;Port=5432;Database=tsa;Username=tsa"));
            return null;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // The parser's message may quote the text; the text holds no password (refused below), but say little anyway.
            problems.Add(new($"{Prefix}:ConnectionString", $"not a valid Npgsql connection string: {e.Message}"));
            return null;
        }

        if (builder.Password is not null || builder.Passfile is not null)
        {
            problems.Add(new($"{Prefix}:ConnectionString",
                "holds a password or passfile; put the password in PasswordEnvironmentVariable or PasswordFile instead, so it is never in a configuration file or a log"));
            return null;
        }

        if (string.IsNullOrWhiteSpace(builder.Host) || string.IsNullOrWhiteSpace(builder.Database))
        {
            problems.Add(new($"{Prefix}:ConnectionString", "must name at least Host and Database"));
            return null;
        }

        return builder;
    }

    private static string? ReadPassword(EvidenceLogOptions options, string baseDirectory, List<ConfigurationProblem> problems)
    {
        bool fromVariable = options.PasswordEnvironmentVariable is { Length: > 0 };
        bool fromFile = options.PasswordFile is { Length: > 0 };
        if (fromVariable && fromFile)
        {
            problems.Add(new($"{Prefix}:PasswordEnvironmentVariable", "give at most one of PasswordEnvironmentVariable and PasswordFile"));
            return null;
        }

        // Neither: peer, certificate or trust authentication, no password.
        return ConfigurationSecret.Read($"{Prefix}:PasswordEnvironmentVariable", options.PasswordEnvironmentVariable,
            $"{Prefix}:PasswordFile", options.PasswordFile, baseDirectory, problems);
    }

    /// <summary>Host, port, database and user only: what an operator needs to find the log, never the password.</summary>
    private static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"Host={builder.Host};Port={builder.Port};Database={builder.Database}" + (builder.Username is { } user ? $";Username={user}" : "");

    /// <summary>"500ms", "30s", "10m", "1h" (a plain number means seconds), from 1 s to 24 h.</summary>
    public static bool TryParseInterval(string? text, out TimeSpan interval)
    {
        interval = default;
        string t = (text ?? "").Trim().ToLowerInvariant();
        (string number, double seconds) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.Ordinal) => (t[..^2], 0.001),
            _ when t.EndsWith('s') => (t[..^1], 1.0),
            _ when t.EndsWith('m') => (t[..^1], 60.0),
            _ when t.EndsWith('h') => (t[..^1], 3600.0),
            _ => (t, 1.0),
        };
        if (!double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || double.IsNaN(value) || value * seconds < 0.1 || value * seconds > 86400)
        {
            return false;
        }

        interval = TimeSpan.FromSeconds(value * seconds);
        return true;
    }
}

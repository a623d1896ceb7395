using System.CommandLine;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Hosting;

namespace ReferenceTsa.Commands;

/// <summary>
/// `audit verify [--data DIR] [--config FILE]`: checks the whole evidence-log hash chain and every checkpoint, and
/// names the first broken record. The log is found as `serve` finds it: the configuration's Tsa:EvidenceLog
/// (SQLite in its data directory, or PostgreSQL with the password from its environment variable or file); with no
/// configuration, DIR/evidence.sqlite.
/// </summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = $"Data directory: its {EmbeddedDefault.ConfigurationFileName} says where the log is, else {SqliteEvidenceLog.FileName} in it (default ./{ServeCommand.DefaultDataDirectory})",
        };
        var config = new Option<string>("--config") { Description = "The TSA's configuration file (.json, .yaml), as given to serve; its Tsa:EvidenceLog is read" };
        var verify = new Command("verify", "Recompute every hash of the evidence log and check every checkpoint's time-stamp; exit 0 when intact, 1 with the first broken record")
        {
            data, config,
        };
        verify.SetAction(parse =>
        {
            string dataDirectory = Path.GetFullPath(parse.GetValue(data) ?? ServeCommand.DefaultDataDirectory);
            string? configPath = parse.GetValue(config) is { } given ? Path.GetFullPath(given) : null;
            EvidenceLogSettings settings = EvidenceLogSettings.Sqlite;
            try
            {
                configPath ??= File.Exists(Path.Combine(dataDirectory, EmbeddedDefault.ConfigurationFileName))
                    ? Path.Combine(dataDirectory, EmbeddedDefault.ConfigurationFileName)
                    : null;
                if (configPath is not null)
                {
                    var options = TsaConfigurationFile.Read(configPath);
                    string baseDirectory = Path.GetDirectoryName(configPath)!;
                    var problems = new List<ConfigurationProblem>();
                    settings = EvidenceLogSettings.Validate(options.EvidenceLog, baseDirectory, problems)
                               ?? throw new TsaConfigurationException(configPath, problems);
                    dataDirectory = Path.GetFullPath(options.DataDirectory, baseDirectory);
                }
            }
            catch (TsaConfigurationException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.Configuration;
            }

            string where = settings.Where(dataDirectory);
            try
            {
                using var source = settings.OpenForReading(dataDirectory);
                var result = EvidenceLogVerifier.Verify(source);
                string checkpoints = $"{result.VerifiedCheckpoints} checkpoint(s) verified"
                                     + (result.UnstampedCheckpoints > 0 ? $", {result.UnstampedCheckpoints} unstamped (issuance was refused then)" : "");
                if (result.Intact)
                {
                    Console.WriteLine($"{where}: intact, {result.Records} record(s), {checkpoints}");
                    return ExitCodes.Ok;
                }

                Console.WriteLine($"{where}: BROKEN at record {result.FirstBrokenSequence}: {result.Problem}");
                return 1;
            }
            catch (Exception e) when (e is FileNotFoundException or Microsoft.Data.Sqlite.SqliteException)
            {
                Console.Error.WriteLine($"{where}: {e.Message}");
                return ExitCodes.NoInput;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
            {
                Console.Error.WriteLine($"{where}: the evidence log cannot be read: {e.Message}");
                return ExitCodes.Unavailable;
            }
        });
        return new Command("audit", "Evidence-log checks") { verify };
    }
}

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
        var exported = new Option<string>("--checkpoints")
        {
            Description = "Exported checkpoints (JSON lines, e.g. the off-host copy of Tsa:EvidenceLog:CheckpointExportFile): the log must hold each "
                          + "exported checkpoint record with its exported chain hash; default: the configured CheckpointExportFile",
        };
        var verify = new Command("verify", "Recompute every hash of the evidence log and check every checkpoint's time-stamp; exit 0 when intact, 1 with the first broken record")
        {
            data, config, exported,
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
            string? exportFile = parse.GetValue(exported) is { } given2 ? Path.GetFullPath(given2) : settings.CheckpointExportFile;
            try
            {
                using var source = settings.OpenForReading(dataDirectory);
                var result = EvidenceLogVerifier.Verify(source);
                string checkpoints = $"{result.VerifiedCheckpoints} checkpoint(s) verified"
                                     + (result.UnstampedCheckpoints > 0 ? $", {result.UnstampedCheckpoints} unstamped (issuance was refused then)" : "");
                if (!result.Intact)
                {
                    Console.WriteLine($"{where}: BROKEN at record {result.FirstBrokenSequence}: {result.Problem}");
                    return 1;
                }

                if (result.Records == 0)
                {
                    Console.WriteLine($"{where}: BROKEN: the log holds no record; a TSA writes its start record before it serves, so every record was removed");
                    return 1;
                }

                string statePath = Path.Combine(dataDirectory, TsaHost.StateDatabaseFileName);
                if (Serials.SqliteSerialNumberAllocator.ReadSnapshot(statePath) is { ReservedBlocks: > 0 } state
                    && Serials.SerialStateReconciliation.Problem(state, Serials.EvidenceSerialSummary.Read(where, source.ReadAll())) is { } serialProblem)
                {
                    Console.WriteLine($"{where}: BROKEN: {serialProblem}");
                    return 1;
                }

                if (exportFile is null)
                {
                    Console.WriteLine($"{where}: intact, {result.Records} record(s), {checkpoints}");
                    Console.WriteLine("  no exported checkpoints given (--checkpoints): records cut off the end, and records forged after the "
                                      + "last checkpoint, cannot be detected from the log alone");
                    return ExitCodes.Ok;
                }

                // A configured export that does not exist yet holds nothing; one named with --checkpoints must exist.
                var lines = parse.GetValue(exported) is null && !File.Exists(exportFile) ? [] : CheckpointExporter.Read(exportFile);
                if (CheckpointExporter.Mismatch(lines, result.Records, source.StoredHash, exportFile) is { } mismatch)
                {
                    Console.WriteLine($"{where}: BROKEN: {mismatch}");
                    return 1;
                }

                Console.WriteLine($"{where}: intact, {result.Records} record(s), {checkpoints}");
                Console.WriteLine(lines.Count == 0
                    ? $"  {exportFile} holds no exported checkpoint yet: nothing in the log is covered by one"
                    : $"  consistent with {lines.Count} exported checkpoint(s) in {exportFile}, the last record {lines[^1].Sequence} of "
                      + $"{lines[^1].RecordedUtc}; {result.Records - lines.Max(l => l.Sequence)} record(s) after it are covered by no exported checkpoint");
                return ExitCodes.Ok;
            }
            catch (FormatException e)
            {
                Console.WriteLine($"{where}: BROKEN: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or Microsoft.Data.Sqlite.SqliteException)
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

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
        verify.SetAction(parse => Verify(parse.GetValue(data), parse.GetValue(config), parse.GetValue(exported)));
        return new Command("audit", "Evidence-log checks") { verify };
    }

    /// <summary>`audit verify`: finds the log, verifies it, and prints the verdict; the exit code.</summary>
    private static int Verify(string? dataOption, string? configOption, string? exportedOption)
    {
        string dataDirectory = Path.GetFullPath(dataOption ?? ServeCommand.DefaultDataDirectory);
        EvidenceLogSettings settings;
        try
        {
            (settings, dataDirectory) = FindLog(dataDirectory, configOption is { } given ? Path.GetFullPath(given) : null);
        }
        catch (TsaConfigurationException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.Configuration;
        }

        string where = settings.Where(dataDirectory);
        string? exportFile = exportedOption is { } exportGiven ? Path.GetFullPath(exportGiven) : settings.CheckpointExportFile;
        try
        {
            using var source = settings.OpenForReading(dataDirectory);
            return VerifyLog(source, where, dataDirectory, exportFile, exportNamed: exportedOption is not null);
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
    }

    /// <summary>
    /// The log as `serve` finds it: the configuration's Tsa:EvidenceLog (--config, else the data directory's
    /// configuration file) and its data directory; with neither, SQLite in <paramref name="dataDirectory"/>.
    /// </summary>
    private static (EvidenceLogSettings Settings, string DataDirectory) FindLog(string dataDirectory, string? configPath)
    {
        configPath ??= File.Exists(Path.Combine(dataDirectory, EmbeddedDefault.ConfigurationFileName))
            ? Path.Combine(dataDirectory, EmbeddedDefault.ConfigurationFileName)
            : null;
        if (configPath is null)
        {
            return (EvidenceLogSettings.Sqlite, dataDirectory);
        }

        var options = TsaConfigurationFile.Read(configPath);
        string baseDirectory = Path.GetDirectoryName(configPath)!;
        var problems = new List<ConfigurationProblem>();
        var settings = EvidenceLogSettings.Validate(options.EvidenceLog, baseDirectory, problems)
                       ?? throw new TsaConfigurationException(configPath, problems);
        return (settings, Path.GetFullPath(options.DataDirectory, baseDirectory));
    }

    /// <summary>The hash chain and checkpoints, the serial state against the log, then the exported checkpoints.</summary>
    private static int VerifyLog(IEvidenceRecordSource source, string where, string dataDirectory, string? exportFile, bool exportNamed)
    {
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
        var lines = !exportNamed && !File.Exists(exportFile) ? [] : CheckpointExporter.Read(exportFile);
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
}

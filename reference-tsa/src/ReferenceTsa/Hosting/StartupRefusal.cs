using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Serials;

namespace ReferenceTsa.Hosting;

/// <summary>
/// The stores the TSA keeps do not agree with each other (serial state behind the evidence log, a log that is
/// missing or behind its exported checkpoints): starting would repeat serials or extend a chain that lost records.
/// </summary>
public sealed class StartupRefusedException(string message) : Exception(message);

/// <summary>Checks run before the TSA opens its stores for writing; any failure refuses the start.</summary>
public static class StartupRefusal
{
    /// <summary>
    /// Compares the serial state in <paramref name="statePath"/> and the exported checkpoints with the evidence log
    /// the configuration names, before either store is opened for writing (opening would create a missing SQLite log).
    /// </summary>
    public static void Check(string statePath, EvidenceLogSettings settings, string dataDirectory)
    {
        var state = SqliteSerialNumberAllocator.ReadSnapshot(statePath);
        string? export = settings.CheckpointExportFile is { } file && File.Exists(file) ? file : null;
        var exported = export is null ? [] : ReadExport(export);
        if ((state is null || state.ReservedBlocks == 0) && exported.Count == 0)
        {
            return; // nothing issued and nothing exported: a first start
        }

        string where = settings.Where(dataDirectory);
        if (!settings.IsPostgres && !File.Exists(Path.Combine(dataDirectory, SqliteEvidenceLog.FileName)))
        {
            Refuse(SerialStateReconciliation.Problem(state, EvidenceSerialSummary.Missing(where))
                   ?? $"the evidence log {where} is missing, but {export} holds {exported.Count} checkpoint(s) exported from it");
            return;
        }

        using var source = Reading(where, () => settings.OpenForReading(dataDirectory));
        var log = Reading(where, () => EvidenceSerialSummary.Read(where, source.ReadAll()));
        if (SerialStateReconciliation.Problem(state, log) is { } serialProblem)
        {
            Refuse(serialProblem);
        }

        if (CheckpointExporter.Mismatch(exported, log.Records, source.StoredHash, export ?? "") is { } exportProblem)
        {
            Refuse($"the evidence log {where} does not hold what was exported: {exportProblem}. Restore the log and check it with `audit verify`");
        }
    }

    /// <summary>A log that cannot be read (database down, file unreadable) refuses the start too, saying so.</summary>
    private static T Reading<T>(string where, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StartupRefusedException($"The TSA does not start: the evidence log {where} cannot be read to compare it with the serial state: {e.Message}.");
        }
    }

    private static IReadOnlyList<ExportedCheckpoint> ReadExport(string file)
    {
        try
        {
            return CheckpointExporter.Read(file);
        }
        catch (FormatException e)
        {
            throw new StartupRefusedException($"The TSA does not start: {e.Message}.");
        }
    }

    private static void Refuse(string problem) => throw new StartupRefusedException($"The TSA does not start: {problem}.");
}

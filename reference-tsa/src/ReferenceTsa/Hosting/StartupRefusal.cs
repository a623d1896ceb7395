using ReferenceTsa.Configuration;
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
    /// Compares the serial state in <paramref name="statePath"/> with the evidence log the configuration names,
    /// before either is opened for writing (opening would create a missing SQLite log).
    /// </summary>
    public static void CheckSerialState(string statePath, EvidenceLogSettings settings, string dataDirectory)
    {
        var state = SqliteSerialNumberAllocator.ReadSnapshot(statePath);
        if (state is null || state.ReservedBlocks == 0)
        {
            return;
        }

        string where = settings.Where(dataDirectory);
        EvidenceSerialSummary log;
        if (!settings.IsPostgres && !File.Exists(Path.Combine(dataDirectory, SqliteEvidenceLog.FileName)))
        {
            log = EvidenceSerialSummary.Missing(where);
        }
        else
        {
            using var source = settings.OpenForReading(dataDirectory);
            log = EvidenceSerialSummary.Read(where, source.ReadAll());
        }

        if (SerialStateReconciliation.Problem(state, log) is { } problem)
        {
            throw new StartupRefusedException($"The TSA does not start: {problem}.");
        }
    }
}

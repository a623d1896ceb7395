using Npgsql;
using ReferenceTsa.Configuration;

namespace ReferenceTsa.Serials;

/// <summary>
/// Where a node takes its serial numbers from: the same store as its evidence log. With SQLite (one node) the
/// state file <see cref="StateDatabaseFileName"/> in the data directory; with PostgreSQL (one or several nodes)
/// the shared database, so that nodes behind one load balancer never repeat each other's serials.
/// </summary>
public static class SerialNumberStore
{
    public const string StateDatabaseFileName = "state.sqlite";

    /// <summary>Opens the serial state; a database that cannot be used stops start-up with the setting named.</summary>
    public static ISerialNumberAllocator Open(TimeStampingService service)
    {
        var evidence = service.EvidenceLog;
        if (!evidence.IsPostgres)
        {
            Directory.CreateDirectory(service.DataDirectory);
            return new SqliteSerialNumberAllocator(Path.Combine(service.DataDirectory, StateDatabaseFileName), service.SerialBlockSize);
        }

        try
        {
            return new PostgresSerialBlockAllocator(evidence.PostgresConnectionString!, evidence.Description!, service.SerialBlockSize, service.NodeName);
        }
        catch (Exception e) when (e is NpgsqlException or SerialNumbersUnavailableException or InvalidOperationException or TimeoutException)
        {
            throw new TsaConfigurationException(evidence.Where(service.DataDirectory),
                [new ConfigurationProblem("Tsa:EvidenceLog:ConnectionString", $"the serial-number state cannot be opened: {e.Message}")]);
        }
    }
}

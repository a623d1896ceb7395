using Npgsql;

namespace ReferenceTsa.EvidenceLog;

/// <summary>A PostgreSQL evidence log read for `audit verify` (streamed in sequence order; lookups on a second connection).</summary>
public sealed class PostgresEvidenceRecords : IEvidenceRecordSource
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresEvidenceRecords(string connectionString, string description)
    {
        Location = $"PostgreSQL {description}";
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Location { get; }

    public IEnumerable<EvidenceRecord> ReadAll()
    {
        using var connection = _dataSource.OpenConnection();
        // One snapshot for the whole walk, while nodes keep appending.
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        using var command = new NpgsqlCommand("SELECT seq, recorded_utc, kind, payload, prev_hash, hash FROM evidence ORDER BY seq", connection, transaction);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new EvidenceRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                (byte[])reader[4], (byte[])reader[5]);
        }
    }

    public byte[]? StoredHash(long sequence)
    {
        using var command = _dataSource.CreateCommand("SELECT hash FROM evidence WHERE seq = $1");
        command.Parameters.Add(new() { Value = sequence });
        return command.ExecuteScalar() as byte[];
    }

    public void Dispose() => _dataSource.Dispose();
}

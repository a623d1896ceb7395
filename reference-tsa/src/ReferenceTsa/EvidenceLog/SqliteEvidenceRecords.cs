using Microsoft.Data.Sqlite;

namespace ReferenceTsa.EvidenceLog;

/// <summary>A SQLite evidence log opened read-only for `audit verify`.</summary>
public sealed class SqliteEvidenceRecords : IEvidenceRecordSource
{
    private readonly SqliteConnection _connection;
    private readonly SqliteConnection _lookup;

    public SqliteEvidenceRecords(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no evidence log at {path}", path);
        }

        Location = path;
        _connection = new SqliteConnection(ReadOnly(path));
        _connection.Open();
        _lookup = new SqliteConnection(ReadOnly(path));
        _lookup.Open();
    }

    public string Location { get; }

    internal static string ReadOnly(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();

    public IEnumerable<EvidenceRecord> ReadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT seq, recorded_utc, kind, payload, prev_hash, hash FROM evidence ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new EvidenceRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                (byte[])reader[4], (byte[])reader[5]);
        }
    }

    public byte[]? StoredHash(long sequence)
    {
        using var command = _lookup.CreateCommand();
        command.CommandText = "SELECT hash FROM evidence WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", sequence);
        return command.ExecuteScalar() as byte[];
    }

    public void Dispose()
    {
        _connection.Dispose();
        _lookup.Dispose();
    }
}

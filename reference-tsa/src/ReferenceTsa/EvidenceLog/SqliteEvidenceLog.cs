using Microsoft.Data.Sqlite;
using ReferenceTsa.Storage;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// The evidence log in SQLite (DIR/evidence.sqlite), the single-node default. Each group commit is one
/// BEGIN IMMEDIATE transaction (SQLite's write lock) that reads the stored head, appends and commits with
/// synchronous=FULL, so two processes opening the same file still extend one chain. Triggers refuse UPDATE and
/// DELETE; someone with the file can drop them, and `audit verify` then shows what they changed.
/// </summary>
public sealed class SqliteEvidenceLog : GroupCommitEvidenceLog
{
    public const string FileName = "evidence.sqlite";

    private readonly string _connectionString;
    private SqliteConnection? _connection; // the writer thread's own

    public SqliteEvidenceLog(string path, TimeProvider? clock = null) : base(clock)
    {
        Path = path;
        _connectionString = DurableSqlite.ConnectionString(path);
        DurableSqlite.MakePrivate(path);
        using (var connection = DurableSqlite.Open(_connectionString))
        {
            DurableSqlite.Execute(connection, """
                CREATE TABLE IF NOT EXISTS evidence (
                    seq INTEGER PRIMARY KEY,
                    recorded_utc TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    prev_hash BLOB NOT NULL,
                    hash BLOB NOT NULL);
                CREATE TRIGGER IF NOT EXISTS evidence_no_update BEFORE UPDATE ON evidence
                    BEGIN SELECT RAISE(ABORT, 'the evidence log is append-only'); END;
                CREATE TRIGGER IF NOT EXISTS evidence_no_delete BEFORE DELETE ON evidence
                    BEGIN SELECT RAISE(ABORT, 'the evidence log is append-only'); END;
                """);
        }

        StartWriter();
    }

    public string Path { get; }

    public override string Location => Path;

    public override Task<EvidenceHead> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        using var connection = new SqliteConnection(SqliteEvidenceRecords.ReadOnly(Path));
        connection.Open();
        return Task.FromResult(ReadHead(connection, null));
    }

    internal static EvidenceHead ReadHead(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT seq, hash FROM evidence ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? new EvidenceHead(reader.GetInt64(0), (byte[])reader[1]) : new EvidenceHead(0, EvidenceChain.Genesis);
    }

    protected override IReadOnlyList<EvidenceRecord> Commit(IReadOnlyList<PendingAppend> batch)
    {
        try
        {
            _connection ??= DurableSqlite.Open(_connectionString);
            using var transaction = _connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock
            var records = Link(ReadHead(_connection, transaction), batch);
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO evidence (seq, recorded_utc, kind, payload, prev_hash, hash) VALUES ($seq, $time, $kind, $payload, $prev, $hash)";
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var time = insert.Parameters.Add("$time", SqliteType.Text);
            var kind = insert.Parameters.Add("$kind", SqliteType.Text);
            var payload = insert.Parameters.Add("$payload", SqliteType.Text);
            var prev = insert.Parameters.Add("$prev", SqliteType.Blob);
            var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
            foreach (var record in records)
            {
                seq.Value = record.Sequence;
                time.Value = record.RecordedUtc;
                kind.Value = record.Kind;
                payload.Value = record.Payload;
                prev.Value = record.PreviousHash;
                hash.Value = record.Hash;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            return records;
        }
        catch
        {
            // Start the next batch on a fresh connection.
            _connection?.Dispose();
            _connection = null;
            throw;
        }
    }

    protected override void DisposeStorage() => _connection?.Dispose();
}

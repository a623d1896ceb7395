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
    private Writer? _writer; // the writer thread's own

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

    private const string HeadQuery = "SELECT seq, hash FROM evidence ORDER BY seq DESC LIMIT 1";

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
        command.CommandText = HeadQuery;
        using var reader = command.ExecuteReader();
        return reader.Read() ? new EvidenceHead(reader.GetInt64(0), (byte[])reader[1]) : new EvidenceHead(0, EvidenceChain.Genesis);
    }

    protected override IReadOnlyList<EvidenceRecord> Commit(IReadOnlyList<PendingAppend> batch)
    {
        try
        {
            _writer ??= new Writer(DurableSqlite.Open(_connectionString));
            using var transaction = _writer.Connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock
            var records = Link(_writer.ReadHead(transaction), batch);
            _writer.Insert(transaction, records);
            transaction.Commit();
            return records;
        }
        catch
        {
            // Start the next batch on a fresh connection.
            _writer?.Dispose();
            _writer = null;
            throw;
        }
    }

    protected override void DisposeStorage() => _writer?.Dispose();

    /// <summary>
    /// The writer thread's connection with its two statements prepared once, not per batch: reading the stored head
    /// and inserting one record.
    /// </summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteCommand _head;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter _seq;
        private readonly SqliteParameter _time;
        private readonly SqliteParameter _kind;
        private readonly SqliteParameter _payload;
        private readonly SqliteParameter _prev;
        private readonly SqliteParameter _hash;

        public Writer(SqliteConnection connection)
        {
            Connection = connection;
            _head = connection.CreateCommand();
            _head.CommandText = HeadQuery;
            _insert = connection.CreateCommand();
            _insert.CommandText = "INSERT INTO evidence (seq, recorded_utc, kind, payload, prev_hash, hash) VALUES ($seq, $time, $kind, $payload, $prev, $hash)";
            _seq = _insert.Parameters.Add("$seq", SqliteType.Integer);
            _time = _insert.Parameters.Add("$time", SqliteType.Text);
            _kind = _insert.Parameters.Add("$kind", SqliteType.Text);
            _payload = _insert.Parameters.Add("$payload", SqliteType.Text);
            _prev = _insert.Parameters.Add("$prev", SqliteType.Blob);
            _hash = _insert.Parameters.Add("$hash", SqliteType.Blob);
        }

        public SqliteConnection Connection { get; }

        public EvidenceHead ReadHead(SqliteTransaction transaction)
        {
            _head.Transaction = transaction;
            using var reader = _head.ExecuteReader();
            return reader.Read() ? new EvidenceHead(reader.GetInt64(0), (byte[])reader[1]) : new EvidenceHead(0, EvidenceChain.Genesis);
        }

        public void Insert(SqliteTransaction transaction, IReadOnlyList<EvidenceRecord> records)
        {
            _insert.Transaction = transaction;
            foreach (var record in records)
            {
                _seq.Value = record.Sequence;
                _time.Value = record.RecordedUtc;
                _kind.Value = record.Kind;
                _payload.Value = record.Payload;
                _prev.Value = record.PreviousHash;
                _hash.Value = record.Hash;
                _insert.ExecuteNonQuery();
            }
        }

        public void Dispose()
        {
            _head.Dispose();
            _insert.Dispose();
            Connection.Dispose();
        }
    }
}

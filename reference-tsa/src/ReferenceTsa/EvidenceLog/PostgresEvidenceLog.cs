using Npgsql;
using NpgsqlTypes;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// The evidence log in PostgreSQL, for one or several TSA nodes sharing a database. All nodes extend ONE global
/// chain in the table <c>evidence</c>: each group commit is a transaction that first takes the transaction-scoped
/// advisory lock <see cref="ChainLockKey"/> (pg_advisory_xact_lock), then reads the stored head, links its batch
/// onto it, inserts it with one statement and commits with synchronous_commit on. The lock serialises appends
/// across nodes and is released by COMMIT or ROLLBACK, so a node that dies mid-transaction cannot block the others.
/// In the database, triggers refuse UPDATE, DELETE and TRUNCATE and any INSERT that does not continue the chain;
/// a superuser can bypass triggers, and `audit verify` then names the record that changed.
/// </summary>
public sealed class PostgresEvidenceLog : GroupCommitEvidenceLog
{
    /// <summary>The advisory-lock key serialising chain appends (ASCII "tsa-evid"); other applications must not use it.</summary>
    public const long ChainLockKey = 0x7473_612D_6576_6964;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresEvidenceLog(string connectionString, string description, TimeProvider? clock = null) : base(clock)
    {
        Location = $"PostgreSQL {description}";
        _dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            PostgresEvidenceSchema.Ensure(_dataSource);
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }

        StartWriter();
    }

    public override string Location { get; }

    public override async Task<EvidenceHead> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(PostgresEvidenceSchema.HeadQuery);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new EvidenceHead(reader.GetInt64(0), (byte[])reader[1])
            : new EvidenceHead(0, EvidenceChain.Genesis);
    }

    protected override IReadOnlyList<EvidenceRecord> Commit(IReadOnlyList<PendingAppend> batch)
    {
        try
        {
            return CommitOnce(batch);
        }
        catch (NpgsqlException first) when (first.IsTransient || first.InnerException is IOException or System.Net.Sockets.SocketException)
        {
            // Pooled connections die with a database restart; one retry on a fresh connection is safe when the
            // failure came before COMMIT was sent (nothing can have been stored), never after.
            _dataSource.Clear();
            bool commitSent = first.Data["commitSent"] is true;
            if (commitSent)
            {
                throw;
            }

            return CommitOnce(batch);
        }
    }

    private IReadOnlyList<EvidenceRecord> CommitOnce(IReadOnlyList<PendingAppend> batch)
    {
        bool commitSent = false;
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        try
        {
            EvidenceHead head;
            string synchronousCommit;
            using (var locked = new NpgsqlBatch(connection, transaction))
            {
                locked.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)") { Parameters = { new() { Value = ChainLockKey } } });
                locked.BatchCommands.Add(new NpgsqlBatchCommand("SELECT current_setting('synchronous_commit')"));
                locked.BatchCommands.Add(new NpgsqlBatchCommand(PostgresEvidenceSchema.HeadQuery));
                using var reader = locked.ExecuteReader();
                reader.NextResult();
                reader.Read();
                synchronousCommit = reader.GetString(0);
                reader.NextResult();
                head = reader.Read() ? new EvidenceHead(reader.GetInt64(0), (byte[])reader[1]) : new EvidenceHead(0, EvidenceChain.Genesis);
            }

            if (synchronousCommit == "off")
            {
                // A record is durable before its token leaves: never let a server or role default make COMMIT lazy.
                using var durable = new NpgsqlCommand("SET LOCAL synchronous_commit = on", connection, transaction);
                durable.ExecuteNonQuery();
            }

            var records = Link(head, batch);
            using (var insert = new NpgsqlCommand("""
                INSERT INTO evidence (seq, recorded_utc, kind, payload, prev_hash, hash)
                SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::bytea[])
                """, connection, transaction))
            {
                insert.Parameters.Add(new() { Value = records.Select(r => r.Sequence).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
                insert.Parameters.Add(new() { Value = records.Select(r => r.RecordedUtc).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                insert.Parameters.Add(new() { Value = records.Select(r => r.Kind).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                insert.Parameters.Add(new() { Value = records.Select(r => r.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                insert.Parameters.Add(new() { Value = records.Select(r => r.PreviousHash).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                insert.Parameters.Add(new() { Value = records.Select(r => r.Hash).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
                insert.ExecuteNonQuery();
            }

            commitSent = true;
            transaction.Commit();
            return records;
        }
        catch (Exception e)
        {
            e.Data["commitSent"] = commitSent;
            throw;
        }
    }

    protected override void DisposeStorage() => _dataSource.Dispose();
}

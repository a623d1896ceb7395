using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using ReferenceTsa.Storage;
using ReferenceTsa.Events;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// The TSA's evidence log (EN 319 421 OVR-7.12, EN 319 401 REQ-7.10): append-only, hash-chained records in SQLite,
/// one per issued token and per clock, key, configuration, start and stop event. <see cref="AppendAsync"/> completes
/// only when the record is on disk; concurrent appends are committed together (group commit) so durability does
/// not cost one fsync per token.
/// </summary>
public sealed class SqliteEvidenceLog : ITsaEventLog, IAsyncDisposable
{
    public const string FileName = "evidence.sqlite";

    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _lastSequence;
    private byte[] _lastHash;

    public SqliteEvidenceLog(string path, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        Path = path;
        _connectionString = DurableSqlite.ConnectionString(path);
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
            using var last = connection.CreateCommand();
            last.CommandText = "SELECT seq, hash FROM evidence ORDER BY seq DESC LIMIT 1";
            using var reader = last.ExecuteReader();
            (_lastSequence, _lastHash) = reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : (0L, EvidenceChain.Genesis);
        }

        _writer = Task.Run(WriteLoopAsync);
    }

    public string Path { get; }

    /// <summary>Records written so far (for metrics).</summary>
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    /// <summary>Appends a record and completes once it is committed with synchronous=FULL.</summary>
    public Task<long> AppendAsync(string kind, object payload)
    {
        var pending = new Pending(kind, JsonSerializer.Serialize(payload), new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            return Task.FromException<long>(new ObjectDisposedException(nameof(SqliteEvidenceLog), "the evidence log is closed"));
        }

        return pending.Completion.Task;
    }

    /// <summary>Key and HSM events from the signing layer go into the same chain.</summary>
    public void Append(string eventName, KeyReference? key, IReadOnlyDictionary<string, string>? details = null) =>
        AppendAsync("key-event", new { @event = eventName, key, details }).GetAwaiter().GetResult();

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 1024 && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                long[] sequences = Commit(batch);
                for (int i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(sequences[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var item in batch)
                {
                    item.Completion.TrySetException(e);
                }
            }
        }
    }

    private long[] Commit(List<Pending> batch)
    {
        using var connection = DurableSqlite.Open(_connectionString);
        using var transaction = connection.BeginTransaction(deferred: false);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO evidence (seq, recorded_utc, kind, payload, prev_hash, hash) VALUES ($seq, $time, $kind, $payload, $prev, $hash)";
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var time = insert.Parameters.Add("$time", SqliteType.Text);
        var kind = insert.Parameters.Add("$kind", SqliteType.Text);
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);
        var prev = insert.Parameters.Add("$prev", SqliteType.Blob);
        var hash = insert.Parameters.Add("$hash", SqliteType.Blob);

        long sequence = _lastSequence;
        byte[] previous = _lastHash;
        long[] sequences = new long[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            sequence++;
            string recorded = _clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
            byte[] current = EvidenceChain.Hash(previous, sequence, recorded, batch[i].Kind, batch[i].Payload);
            seq.Value = sequence;
            time.Value = recorded;
            kind.Value = batch[i].Kind;
            payload.Value = batch[i].Payload;
            prev.Value = previous;
            hash.Value = current;
            insert.ExecuteNonQuery();
            sequences[i] = sequence;
            previous = current;
        }

        transaction.Commit();
        Interlocked.Exchange(ref _lastSequence, sequence);
        _lastHash = previous;
        return sequences;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private sealed record Pending(string Kind, string Payload, TaskCompletionSource<long> Completion);
}

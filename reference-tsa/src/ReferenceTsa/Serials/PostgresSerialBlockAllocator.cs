using System.Numerics;
using Npgsql;

namespace ReferenceTsa.Serials;

/// <summary>
/// Serial numbers for several TSA nodes sharing one PostgreSQL database: <c>prefix || counter</c>
/// (<see cref="SerialNumberLayout"/>), where the prefix belongs to the database and each node takes counters from
/// blocks it reserves in <c>serial_block</c>. A reservation is one short transaction (advisory lock, insert of the
/// block after the last one, COMMIT with synchronous_commit on) per <c>blockSize</c> serials, never one per
/// request; a block is used only after its COMMIT is acknowledged, and a reserved block belongs to its node for
/// ever, so no lease, clock or node identity is needed for uniqueness. A crash skips the rest of a block. When no
/// block can be reserved the node hands out no serial (requests get systemFailure, /readyz answers 503) and retries
/// in the background until the database answers again.
/// </summary>
public sealed class PostgresSerialBlockAllocator : ISerialNumberAllocator, IDisposable
{
    /// <summary>The advisory-lock key serialising block reservations (ASCII "tsa-serl"); other applications must not use it.</summary>
    public const long ReservationLockKey = 0x7473_612D_7365_726C;

    private readonly NpgsqlDataSource _dataSource;
    private readonly int _blockSize;
    private readonly string _node;
    private readonly TimeSpan _retryInterval;
    private readonly BigInteger _prefix;
    private readonly Lock _gate = new();
    private readonly Timer _retry;
    private ulong _next;
    private ulong _blockEnd;
    private (ulong First, ulong End)? _spare;
    private string? _unavailable;
    private bool _disposed;

    public PostgresSerialBlockAllocator(string connectionString, string description, int blockSize, string node, TimeSpan? retryInterval = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _blockSize = blockSize;
        _node = node;
        _retryInterval = retryInterval ?? TimeSpan.FromSeconds(2);
        Location = $"PostgreSQL {description} (tables serial_instance, serial_block)";
        _dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            _prefix = SerialNumberLayout.ParsePrefix(PostgresSerialSchema.Ensure(_dataSource));
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }

        _retry = new Timer(_ => RetryReservation(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public string Location { get; }

    public string? Unavailable
    {
        get
        {
            lock (_gate)
            {
                return _unavailable;
            }
        }
    }

    public BigInteger Next()
    {
        ulong counter;
        lock (_gate)
        {
            if (_next >= _blockEnd)
            {
                if (_spare is { } spare)
                {
                    (_next, _blockEnd, _spare) = (spare.First, spare.End, null);
                }
                else if (_unavailable is not null)
                {
                    // Fail fast while the database is away; the background retry brings the node back.
                    throw new SerialNumbersUnavailableException(_unavailable);
                }
                else
                {
                    try
                    {
                        (_next, _blockEnd) = ReserveBlock();
                    }
                    catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                    {
                        // Outcome unknown or refused: this block is never used (at worst it is skipped).
                        string reason = $"no serial block can be reserved in {Location}: {e.Message}";
                        if (!_disposed)
                        {
                            _retry.Change(_retryInterval, _retryInterval);
                        }

                        _unavailable = reason;
                        throw new SerialNumbersUnavailableException(reason, e);
                    }
                }
            }

            counter = _next++;
        }

        return SerialNumberLayout.Compose(_prefix, counter);
    }

    /// <summary>Reserves the next block after every block any node reserved; returns [First, End).</summary>
    private (ulong First, ulong End) ReserveBlock()
    {
        try
        {
            return ReserveOnce();
        }
        catch (NpgsqlException first) when (first.IsTransient || first.InnerException is IOException or System.Net.Sockets.SocketException)
        {
            // Pooled connections die with a database restart. Retrying is always safe here: a reservation whose
            // COMMIT outcome is unknown is simply never used.
            _dataSource.Clear();
            return ReserveOnce();
        }
    }

    private (ulong First, ulong End) ReserveOnce()
    {
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)") { Parameters = { new() { Value = ReservationLockKey } } });
        // The block must be on disk before a serial from it is used, whatever the server's or role's default.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = on"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO serial_block (first_counter, last_counter, node, process_id)
            SELECT next, next + $1 - 1, $2, $3
              FROM (SELECT coalesce((SELECT last_counter FROM serial_block ORDER BY first_counter DESC LIMIT 1), 0) + 1 AS next) head
            RETURNING first_counter, last_counter
            """)
        {
            Parameters = { new() { Value = (long)_blockSize }, new() { Value = _node }, new() { Value = Environment.ProcessId } },
        });
        long first, last;
        using (var reader = batch.ExecuteReader())
        {
            // The lock's result set, then the INSERT's (SET returns none).
            while (reader.FieldCount != 2 && reader.NextResult())
            {
            }

            if (!reader.Read())
            {
                throw new InvalidOperationException("the reservation returned no block");
            }

            (first, last) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        transaction.Commit();
        return ((ulong)first, (ulong)last + 1);
    }

    /// <summary>While no block can be reserved, tries again in the background, so readiness returns without traffic.</summary>
    private void RetryReservation()
    {
        lock (_gate)
        {
            if (_unavailable is null || _disposed)
            {
                return;
            }
        }

        (ulong First, ulong End) block;
        try
        {
            block = ReserveBlock();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            lock (_gate)
            {
                _unavailable = $"no serial block can be reserved in {Location}: {e.Message}";
            }

            return;
        }

        lock (_gate)
        {
            _spare = block;
            _unavailable = null;
            _retry.Change(Timeout.Infinite, Timeout.Infinite);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _retry.Dispose();
        _dataSource.Dispose();
    }
}

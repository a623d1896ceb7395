using System.Numerics;
using Microsoft.Data.Sqlite;
using ReferenceTsa.Storage;

namespace ReferenceTsa.Serials;

/// <summary>
/// Serial numbers as <c>instance (64 random bits) || counter (64 bits)</c>, 128 bits in all.
/// The counter is handed out from blocks that are reserved durably in SQLite before any serial of the block is
/// used, so a crash or restart only skips the rest of a block and can never repeat a serial. The instance prefix is
/// drawn when the state database is created, so even a lost database does not make old serials come back.
/// Several processes may share one database file: reservation takes SQLite's write lock.
/// </summary>
public sealed class SqliteSerialNumberAllocator : ISerialNumberAllocator
{
    private readonly string _connectionString;
    private readonly int _blockSize;
    private readonly Lock _gate = new();
    private readonly BigInteger _instancePrefix;
    private ulong _next;
    private ulong _blockEnd;
    private Task<(ulong First, ulong End)>? _reserving;

    public SqliteSerialNumberAllocator(string databasePath, int blockSize = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _blockSize = blockSize;
        Location = databasePath;
        _connectionString = DurableSqlite.ConnectionString(databasePath);
        DurableSqlite.MakePrivate(databasePath);
        using var connection = DurableSqlite.Open(_connectionString);
        DurableSqlite.Execute(connection, """
            CREATE TABLE IF NOT EXISTS serial_instance (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                prefix_hex TEXT NOT NULL,
                created_utc TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS serial_counter (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                next_unreserved INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS serial_reservation (
                first INTEGER NOT NULL,
                last INTEGER NOT NULL,
                reserved_utc TEXT NOT NULL,
                process_id INTEGER NOT NULL);
            """);
        _instancePrefix = LoadOrCreatePrefix(connection);
    }

    public string Location { get; }

    /// <summary>
    /// What the state database at <paramref name="databasePath"/> holds, read without creating or changing it; null
    /// when there is no such file. For <see cref="SerialStateReconciliation"/> before the TSA starts.
    /// </summary>
    public static SerialStateSnapshot? ReadSnapshot(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return null;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        string? Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            try
            {
                return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 1) // no such table: a state file from before any reservation
            {
                return null;
            }
        }

        BigInteger? prefix = Scalar("SELECT prefix_hex FROM serial_instance WHERE id = 1") is { Length: > 0 } hex
            ? BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)
            : null;
        ulong next = ulong.TryParse(Scalar("SELECT next_unreserved FROM serial_counter WHERE id = 1"), out ulong n) ? n : 1UL;
        long blocks = long.TryParse(Scalar("SELECT count(*) FROM serial_reservation"), out long b) ? b : 0;
        return new SerialStateSnapshot(databasePath, prefix, next, blocks);
    }

    public BigInteger Next()
    {
        ulong counter;
        lock (_gate)
        {
            if (_next >= _blockEnd)
            {
                (_next, _blockEnd) = TakeReservedBlock();
            }

            counter = _next++;
            // Half-way through a block the next one is reserved in the background, so that requests do not all wait
            // behind the reservation's fsync when this block runs out. A serial is still only ever taken from a block
            // whose reservation has been committed; a crash skips at most the rest of this block and the next one.
            if (_reserving is null && _blockEnd - _next <= (ulong)_blockSize / 2)
            {
                _reserving = Task.Run(ReserveBlock);
            }
        }

        return SerialNumberLayout.Compose(_instancePrefix, counter);
    }

    /// <summary>The block reserved in the background if that succeeded; otherwise one reserved now (which throws if it cannot be).</summary>
    private (ulong First, ulong End) TakeReservedBlock()
    {
        var reserving = _reserving;
        _reserving = null;
        if (reserving is not null)
        {
            try
            {
                return reserving.GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
            {
                // Reserve again in the foreground: its failure, if it fails again, is what the request sees.
            }
        }

        return ReserveBlock();
    }

    private (ulong First, ulong End) ReserveBlock()
    {
        using var connection = DurableSqlite.Open(_connectionString);
        using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: takes the write lock
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT next_unreserved FROM serial_counter WHERE id = 1";
        ulong first = read.ExecuteScalar() is long value ? (ulong)value : 1UL;
        ulong end = checked(first + (ulong)_blockSize);
        if (end > long.MaxValue)
        {
            throw new InvalidOperationException("the serial-number counter is exhausted");
        }

        using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            INSERT INTO serial_counter (id, next_unreserved) VALUES (1, $end)
              ON CONFLICT (id) DO UPDATE SET next_unreserved = $end;
            INSERT INTO serial_reservation (first, last, reserved_utc, process_id) VALUES ($first, $last, $now, $pid);
            """;
        write.Parameters.AddWithValue("$end", (long)end);
        write.Parameters.AddWithValue("$first", (long)first);
        write.Parameters.AddWithValue("$last", (long)end - 1);
        write.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
        write.Parameters.AddWithValue("$pid", Environment.ProcessId);
        write.ExecuteNonQuery();
        transaction.Commit(); // synchronous=FULL: the reservation is on disk before a serial from it is used
        return (first, end);
    }

    private BigInteger LoadOrCreatePrefix(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT prefix_hex FROM serial_instance WHERE id = 1";
        if (read.ExecuteScalar() is not string hex)
        {
            hex = SerialNumberLayout.NewPrefixHex();
            using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = "INSERT INTO serial_instance (id, prefix_hex, created_utc) VALUES (1, $hex, $now)";
            write.Parameters.AddWithValue("$hex", hex);
            write.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
            write.ExecuteNonQuery();
        }

        transaction.Commit();
        return SerialNumberLayout.ParsePrefix(hex);
    }
}

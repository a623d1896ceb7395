using System.Collections.Concurrent;
using System.Numerics;
using Microsoft.Data.Sqlite;
using ReferenceTsa.Serials;

namespace ReferenceTsa.Tests;

public sealed class SerialNumberAllocatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-serials-").FullName;

    private string Database => Path.Combine(_directory, "state.sqlite");

    [Fact]
    public void Serials_never_repeat_across_restarts_even_when_blocks_are_abandoned()
    {
        var seen = new HashSet<BigInteger>();
        for (int restart = 0; restart < 5; restart++)
        {
            var allocator = new SqliteSerialNumberAllocator(Database, blockSize: 16);
            for (int i = 0; i < 10; i++) // abandons 6 of each block, as a crash would
            {
                Assert.True(seen.Add(allocator.Next()));
            }
        }

        Assert.Equal(50, seen.Count);
    }

    [Fact]
    public void Serials_are_positive_127_bit_values_sharing_the_instance_prefix()
    {
        var first = new SqliteSerialNumberAllocator(Database).Next();
        var second = new SqliteSerialNumberAllocator(Database).Next();
        Assert.True(first > 0 && first.GetBitLength() == 127, first.ToString("X"));
        Assert.Equal(first >> 64, second >> 64);
        Assert.True(second > first);
    }

    [Fact]
    public void A_new_state_database_gets_a_new_instance_prefix()
    {
        var a = new SqliteSerialNumberAllocator(Database).Next();
        var b = new SqliteSerialNumberAllocator(Path.Combine(_directory, "other.sqlite")).Next();
        Assert.NotEqual(a >> 64, b >> 64);
    }

    [Fact]
    public void Two_allocators_on_one_database_and_many_threads_never_collide()
    {
        var one = new SqliteSerialNumberAllocator(Database, blockSize: 16);
        var two = new SqliteSerialNumberAllocator(Database, blockSize: 16);
        var serials = new ConcurrentBag<BigInteger>();
        Parallel.For(0, 1600, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => serials.Add((i % 2 == 0 ? one : two).Next()));
        Assert.Equal(1600, serials.Distinct().Count());
    }

    [Fact]
    public void Every_reserved_block_is_recorded_for_audit()
    {
        var allocator = new SqliteSerialNumberAllocator(Database, blockSize: 4);
        for (int i = 0; i < 9; i++)
        {
            allocator.Next();
        }

        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MIN(first), MAX(last) FROM serial_reservation";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(3, reader.GetInt64(0));
        Assert.Equal(1, reader.GetInt64(1));
        Assert.Equal(12, reader.GetInt64(2));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

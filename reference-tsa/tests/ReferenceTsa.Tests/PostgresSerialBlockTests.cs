using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;
using System.Net;
using Npgsql;
using ReferenceTsa.Certificates;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Hosting;
using ReferenceTsa.Serials;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Serial numbers shared by several nodes through one PostgreSQL database (block reservation): unique across nodes
/// and restarts, never handed out while no block can be reserved, back by themselves when the database returns,
/// and blocks that the database itself keeps from overlapping or being changed.
/// </summary>
public sealed class PostgresSerialBlockTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>, IDisposable
{
    private readonly PostgresCluster _cluster = fixture.Cluster;
    private readonly string _suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    private string Database => $"serials_{_suffix}";

    private string Role => $"tsa_{_suffix}";

    private string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = _cluster.Port, Database = Database, Username = Role, Password = _password, Timeout = 5,
    }.ConnectionString;

    private PostgresSerialBlockAllocator Node(string name, int blockSize, TimeSpan? retry = null) =>
        new(ConnectionString, $"Database={Database}", blockSize, name, retry);

    [Fact]
    public async Task Three_nodes_drawing_concurrently_with_restarts_never_repeat_a_serial()
    {
        _cluster.CreateDatabase(Database, Role, _password, roleOwnsDatabase: true);
        var serials = new ConcurrentBag<BigInteger>();
        // Each node restarts twice (a new allocator abandons the rest of its block, as a crash does); block sizes differ.
        await Task.WhenAll(Enumerable.Range(1, 3).Select(n => Task.Run(() =>
        {
            for (int life = 0; life < 3; life++)
            {
                using var node = Node($"node-{n}", blockSize: 5 + n);
                for (int i = 0; i < 400; i++)
                {
                    serials.Add(node.Next());
                }
            }
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(3600, serials.Count);
        Assert.Equal(3600, serials.Distinct().Count());
        // One prefix for the database: the same 64 high bits on every node; positive, exactly 127 bits.
        Assert.Single(serials.Select(s => s >> 64).Distinct());
        Assert.All(serials, s => Assert.Equal(127, (int)s.GetBitLength()));

        using var connection = new NpgsqlConnection(_cluster.SuperuserConnectionString(Database));
        connection.Open();
        using var command = new NpgsqlCommand("SELECT first_counter, last_counter, node FROM serial_block ORDER BY first_counter", connection);
        using var reader = command.ExecuteReader();
        var blocks = new List<(long First, long Last, string Node)>();
        while (reader.Read())
        {
            blocks.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        }

        // Contiguous, non-overlapping blocks from all three nodes, and every serial's counter inside a block.
        Assert.Equal(1, blocks[0].First);
        Assert.All(blocks.Zip(blocks.Skip(1)), pair => Assert.Equal(pair.First.Last + 1, pair.Second.First));
        Assert.Equal(["node-1", "node-2", "node-3"], blocks.Select(b => b.Node).Distinct().Order());
        var counters = serials.Select(s => (long)(s & ulong.MaxValue)).ToHashSet();
        Assert.All(counters, c => Assert.Contains(blocks, b => b.First <= c && c <= b.Last));
    }

    [Fact]
    public async Task Without_the_database_no_serial_is_handed_out_and_the_node_recovers_by_itself()
    {
        _cluster.CreateDatabase(Database, Role, _password, roleOwnsDatabase: true);
        using var node = Node("node-1", blockSize: 4, retry: TimeSpan.FromMilliseconds(200));
        var before = Enumerable.Range(0, 4).Select(_ => node.Next()).ToList(); // the whole first block
        Assert.Null(node.Unavailable);
        _cluster.Stop();
        try
        {
            var refused = Assert.Throws<SerialNumbersUnavailableException>(() => node.Next());
            Assert.Contains("no serial block can be reserved", refused.Message);
            Assert.NotNull(node.Unavailable);
            // While the database is away the node fails fast, with the same reason.
            var again = Stopwatch.StartNew();
            Assert.Throws<SerialNumbersUnavailableException>(() => node.Next());
            Assert.True(again.Elapsed < TimeSpan.FromSeconds(1), $"the second refusal took {again.Elapsed}");
        }
        finally
        {
            _cluster.Start();
        }

        // The background retry reserves a block without any request arriving.
        var waited = Stopwatch.StartNew();
        while (node.Unavailable is not null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"still unavailable: {node.Unavailable}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var after = node.Next();
        Assert.DoesNotContain(after, before);
        Assert.True(after > before.Max(), "serials keep increasing after the restart");
    }

    [Fact]
    public void The_database_refuses_an_overlapping_block_and_any_change_to_reserved_blocks()
    {
        _cluster.CreateDatabase(Database, Role, _password, roleOwnsDatabase: true);
        using (var node = Node("node-1", blockSize: 10))
        {
            node.Next();
        }

        foreach (string sql in (string[])[
                     "INSERT INTO serial_block (first_counter, last_counter, node, process_id) VALUES (5, 20, 'rogue', 1)",
                     "UPDATE serial_block SET last_counter = 5",
                     "DELETE FROM serial_block",
                     "TRUNCATE serial_block",
                     "UPDATE serial_instance SET prefix_hex = '4000000000000000'"])
        {
            // Even the table's owner (the TSA's role here) and the superuser are refused by the triggers.
            var refused = Assert.Throws<PostgresException>(() => _cluster.Execute(sql, Database));
            Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.IntegrityConstraintViolation, $"{sql}: {refused.SqlState} {refused.MessageText}");
        }
    }

    [Fact]
    public void A_role_that_may_not_append_blocks_stops_start_up_with_the_reason()
    {
        _cluster.CreateDatabase(Database, Role, _password, roleOwnsDatabase: false);
        _cluster.Execute(PostgresSerialSchema.Ddl + $"; GRANT SELECT ON serial_block, serial_instance TO {Role}", Database);
        var refused = Assert.Throws<SerialNumbersUnavailableException>(() => Node("node-1", blockSize: 10));
        Assert.Contains("may not SELECT and INSERT on serial_block", refused.Message);
    }

    [Fact]
    public async Task A_served_node_without_a_serial_block_refuses_with_system_failure_and_is_not_ready_until_the_database_returns()
    {
        _cluster.CreateDatabase(Database, Role, _password, roleOwnsDatabase: true);
        string variable = $"TSA_TEST_PG_PASSWORD_{_suffix}";
        Environment.SetEnvironmentVariable(variable, _password);
        string directory = Directory.CreateTempSubdirectory("tsa-pg-serials-").FullName;
        try
        {
            await using var tsa = await EmbeddedTsa.StartAsync(directory, new EmbeddedDefault.Options(DevKeyType.EcdsaP256, DevKeyType.EcdsaP256),
                options =>
                {
                    options.SerialBlockSize = 1; // every token needs a new block
                    options.NodeName = "node-a";
                    options.EvidenceLog = new EvidenceLogOptions
                    {
                        Provider = "postgresql",
                        ConnectionString = $"Host=127.0.0.1;Port={_cluster.Port};Database={Database};Username={Role};Timeout=5",
                        PasswordEnvironmentVariable = variable,
                    };
                }, TestContext.Current.CancellationToken);
            using var probe = new ServedTsaProbe(tsa);
            Assert.Equal(0, (await probe.StampAsync()).Status);
            Assert.Equal(HttpStatusCode.OK, (await probe.ReadyAsync()).Status);

            _cluster.Stop();
            try
            {
                var refused = await probe.StampAsync();
                Assert.Equal(2, refused.Status);
                Assert.Equal([25], refused.FailInfoBits); // systemFailure
                Assert.Equal("no serial number can be reserved now", refused.StatusString);
                Assert.Null(refused.Token);
                var (status, body) = await probe.ReadyAsync();
                Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                Assert.Contains(body.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("no serial block can be reserved", StringComparison.Ordinal));
            }
            finally
            {
                _cluster.Start();
            }

            // Ready again without any request: the node retries the reservation by itself.
            var waited = Stopwatch.StartNew();
            while ((await probe.ReadyAsync()).Status != HttpStatusCode.OK)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "not ready 30 s after the database returned");
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }

            var after = await probe.StampUntilAsync(r => r.Status == 0, TimeSpan.FromSeconds(10));
            Assert.Equal(0, after.Status);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            Directory.Delete(directory, recursive: true);
        }
    }

    public void Dispose() => NpgsqlConnection.ClearAllPools();
}

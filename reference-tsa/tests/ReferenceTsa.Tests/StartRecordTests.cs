using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using ReferenceTsa.Certificates;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// A node is ready only once its start record is in the evidence log; when the database is away at that moment the
/// record is retried, not lost, and the node stays not ready (503) until it is written.
/// </summary>
public sealed class StartRecordTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>, IDisposable
{
    private readonly PostgresCluster _cluster = fixture.Cluster;
    private readonly string _suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-start-record-").FullName;

    private string Database => $"start_{_suffix}";

    private string PasswordVariable => $"TSA_TEST_PG_PASSWORD_{_suffix}";

    [Fact]
    public async Task A_start_record_that_cannot_be_written_keeps_the_node_not_ready_until_the_database_returns()
    {
        string role = $"tsa_{_suffix}";
        _cluster.CreateDatabase(Database, role, _password, roleOwnsDatabase: true);
        Environment.SetEnvironmentVariable(PasswordVariable, _password);
        EmbeddedDefault.Initialize(_directory, new EmbeddedDefault.Options(DevKeyType.EcdsaP256, DevKeyType.EcdsaP256, Store: DevKeyStore.Software));
        string configPath = Path.Combine(_directory, EmbeddedDefault.ConfigurationFileName);
        var options = TsaConfigurationFile.Read(configPath);
        options.Tls = null;
        options.NodeName = "node-late";
        options.EvidenceLog = new EvidenceLogOptions
        {
            Provider = "postgresql",
            ConnectionString = $"Host=127.0.0.1;Port={_cluster.Port};Database={Database};Username={role};Timeout=5",
            PasswordEnvironmentVariable = PasswordVariable,
        };
        using var service = TimeStampingServiceLoader.Load(options, _directory, DateTimeOffset.UtcNow, configPath);
        await using var app = TsaHost.Build(service, ["http://127.0.0.1:0"], quiet: true);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // The database goes away after the node opened its logs and before the host has started.
        _cluster.Stop();
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
            var ready = new Uri(TsaHost.BoundAddress(app), "readyz");
            using var notReady = await http.GetAsync(ready, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            var reasons = JsonDocument.Parse(await notReady.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("reasons");
            Assert.Contains(reasons.EnumerateArray(), r => r.GetString()!.StartsWith("the start record is not yet in the evidence log", StringComparison.Ordinal));
        }
        finally
        {
            _cluster.Start();
        }

        // Retried, not lost: ready once the record is durable, and the record is there.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync(new Uri(TsaHost.BoundAddress(app), "readyz"), TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "not ready 30 s after the database returned");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await using var connection = new NpgsqlConnection(_cluster.SuperuserConnectionString(Database));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT payload FROM evidence WHERE kind = 'start'", connection);
        string payload = (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("node-late", JsonDocument.Parse(payload).RootElement.GetProperty("node").GetString());
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(PasswordVariable, null);
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

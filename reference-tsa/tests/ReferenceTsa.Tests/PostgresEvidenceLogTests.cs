using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>The cluster is started once for the class and removed after it.</summary>
public sealed class PostgresClusterFixture : IDisposable
{
    public PostgresCluster Cluster { get; } = new();

    public void Dispose() => Cluster.Dispose();
}

/// <summary>
/// The evidence log on a real PostgreSQL 15: one chain for every writer, append-only in the database, named broken
/// records, tokens withheld while the database is down, two TSA hosts sharing one database.
/// </summary>
public sealed class PostgresEvidenceLogTests(PostgresClusterFixture fixture) : IClassFixture<PostgresClusterFixture>, IDisposable
{
    private readonly PostgresCluster _cluster = fixture.Cluster;
    private readonly string _suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
    private readonly List<string> _directories = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private string Database => $"evidence_{_suffix}";

    private string Role => $"tsa_{_suffix}";

    private string PasswordVariable => $"TSA_TEST_PG_PASSWORD_{_suffix}";

    /// <summary>A fresh database owned by the TSA's role, and the Tsa:EvidenceLog section that reaches it.</summary>
    private EvidenceLogOptions FreshDatabase(string checkpointInterval = "10m")
    {
        _cluster.CreateDatabase(Database, Role, _password, roleOwnsDatabase: true);
        Environment.SetEnvironmentVariable(PasswordVariable, _password);
        return LogOptions(checkpointInterval);
    }

    private EvidenceLogOptions LogOptions(string checkpointInterval = "10m") => new()
    {
        Provider = "postgresql",
        ConnectionString = $"Host=127.0.0.1;Port={_cluster.Port};Database={Database};Username={Role};Timeout=5",
        PasswordEnvironmentVariable = PasswordVariable,
        CheckpointInterval = checkpointInterval,
    };

    private static EvidenceLogSettings Settings(EvidenceLogOptions options)
    {
        var problems = new List<ConfigurationProblem>();
        var settings = EvidenceLogSettings.Validate(options, AppContext.BaseDirectory, problems);
        Assert.Empty(problems);
        return settings!;
    }

    private string TempDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("tsa-pg-host-").FullName;
        _directories.Add(directory);
        return directory;
    }

    private List<EvidenceRecord> ReadRecords()
    {
        using var source = new PostgresEvidenceRecords(_cluster.SuperuserConnectionString(Database), Database);
        return [.. source.ReadAll()];
    }

    [Fact]
    public async Task Concurrent_async_and_synchronous_appends_form_one_gapless_chain_that_verifies()
    {
        var settings = Settings(FreshDatabase());
        var sequences = new ConcurrentBag<long>();
        await using (var log = settings.Open(TempDirectory()))
        {
            Assert.StartsWith("PostgreSQL Host=127.0.0.1", log.Location);
            Assert.DoesNotContain(_password, log.Location);
            var asyncAppends = Enumerable.Range(0, 400).Select(i => log.AppendAsync("token", EvidenceSamples.Token(i)));
            var syncAppends = Enumerable.Range(0, 4).Select(t => Task.Factory.StartNew(() =>
            {
                for (int i = 0; i < 25; i++)
                {
                    sequences.Add(log.Append("key-event", new { @event = "test", thread = t, i }));
                }
            }, TaskCreationOptions.LongRunning));
            foreach (long sequence in await Task.WhenAll(asyncAppends))
            {
                sequences.Add(sequence);
            }

            await Task.WhenAll(syncAppends);
            Assert.Equal(500, log.LastSequence);
            Assert.Equal(0, log.PendingRecords);
        }

        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), sequences.Order());
        using var source = settings.OpenForReading(TempDirectory());
        var verification = EvidenceLogVerifier.Verify(source);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(500, verification.Records);
    }

    [Fact]
    public async Task The_database_refuses_update_delete_truncate_and_an_insert_that_does_not_continue_the_chain()
    {
        var settings = Settings(FreshDatabase());
        await using (var log = settings.Open(TempDirectory()))
        {
            await Task.WhenAll(Enumerable.Range(0, 5).Select(i => log.AppendAsync("token", EvidenceSamples.Token(i))));
        }

        // Even the table's owner (the TSA's role here) cannot change history.
        var builder = new NpgsqlConnectionStringBuilder(LogOptions().ConnectionString) { Password = _password, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (string sql in (string[])["UPDATE evidence SET payload = '{}' WHERE seq = 2", "DELETE FROM evidence WHERE seq = 2", "TRUNCATE evidence"])
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            Assert.Contains("append-only", refused.MessageText);
        }

        await using (var insert = new NpgsqlCommand(
            "INSERT INTO evidence VALUES (9, '2026-01-01T00:00:00.0000000Z', 'token', '{}', decode(repeat('00', 32), 'hex'), decode(repeat('11', 32), 'hex'))", connection))
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            Assert.Contains("does not continue the evidence chain", refused.MessageText);
        }

        Assert.Equal(5, ReadRecords().Count);
    }

    [Fact]
    public async Task A_role_granted_only_select_and_insert_appends_but_cannot_update_or_disable_the_triggers()
    {
        // The DBA creates the table; the TSA's role may only read and append.
        _cluster.CreateDatabase(Database, Role, _password, roleOwnsDatabase: false);
        _cluster.Execute(PostgresEvidenceSchema.Ddl + $"; GRANT SELECT, INSERT ON evidence TO {Role}", Database);
        Environment.SetEnvironmentVariable(PasswordVariable, _password);
        var settings = Settings(LogOptions());
        await using (var log = settings.Open(TempDirectory()))
        {
            Assert.Equal(1, await log.AppendAsync("start", EvidenceSamples.Start("a")));
        }

        var builder = new NpgsqlConnectionStringBuilder(LogOptions().ConnectionString) { Password = _password, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (string sql in (string[])["UPDATE evidence SET payload = '{}'", "ALTER TABLE evidence DISABLE TRIGGER ALL"])
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        // Without INSERT the TSA does not start, and says why.
        _cluster.Execute($"REVOKE INSERT ON evidence FROM {Role}", Database);
        var refusedStart = Assert.Throws<TsaConfigurationException>(() => Settings(LogOptions()).Open(TempDirectory()));
        Assert.Contains("Tsa:EvidenceLog:ConnectionString", refusedStart.Message);
        Assert.Contains("may not SELECT and INSERT", refusedStart.Message);
    }

    [Fact]
    public async Task Audit_verify_with_the_postgresql_configuration_names_a_row_a_superuser_changed()
    {
        var settings = Settings(FreshDatabase());
        await using (var log = settings.Open(TempDirectory()))
        {
            await Task.WhenAll(Enumerable.Range(0, 20).Select(i => log.AppendAsync("token", EvidenceSamples.Token(i))));
        }

        string config = WriteAuditConfiguration();
        var (exit, output) = await Audit(config);
        Assert.True(exit == 0, output);
        Assert.Contains("intact, 20 record(s)", output);
        Assert.DoesNotContain(_password, output);

        // A superuser can bypass the triggers; the chain still shows which record changed.
        _cluster.Execute("SET session_replication_role = replica; UPDATE evidence SET payload = replace(payload, '\"test\"', '\"qtsa\"') WHERE seq = 13", Database);
        (exit, output) = await Audit(config);
        Assert.Equal(1, exit);
        Assert.Contains("BROKEN at record 13", output);
        Assert.Contains("was modified", output);

        // A wrong password is a clear message naming the log, not a crash.
        var (wrongExit, wrongOutput) = await Audit(config, password: "not-the-password");
        Assert.Equal(69, wrongExit);
        Assert.Contains($"Database={Database}", wrongOutput);
        Assert.Contains("password authentication failed", wrongOutput);
    }

    [Fact]
    public async Task A_served_tsa_records_every_token_it_issued_in_postgresql_and_time_stamps_checkpoints()
    {
        var options = FreshDatabase(checkpointInterval: "500ms");
        var received = new ConcurrentBag<string>();
        await using (var tsa = await StartTsa(options))
        {
            await Parallel.ForAsync(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = TestContext.Current.CancellationToken },
                async (_, ct) =>
                {
                    var decoded = await Stamp(tsa, ct);
                    Assert.Equal(0, decoded.Status);
                    received.Add(Convert.ToHexString(SHA256.HashData(decoded.Token!)));
                });
            await WaitFor(() => ReadRecords().Any(r => r.Kind == "checkpoint"), TimeSpan.FromSeconds(20));
        }

        var records = ReadRecords();
        Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Sequence));
        var logged = TokenHashes(records);
        Assert.Equal(200, received.Count);
        Assert.All(received, hash => Assert.Contains(hash, logged));
        Assert.Equal("start", records[0].Kind);
        // The stop record, then the final checkpoint taken at shutdown over it.
        Assert.Equal("stop", records[^2].Kind);
        Assert.Equal("checkpoint", records[^1].Kind);

        var (exit, output) = await Audit(WriteAuditConfiguration());
        Assert.True(exit == 0, output);
        Assert.Matches(@"intact, \d+ record\(s\), [1-9]\d* checkpoint\(s\) verified", output);
    }

    [Fact]
    public async Task Two_tsa_hosts_on_one_database_extend_one_chain_without_gaps()
    {
        var options = FreshDatabase();
        var received = new ConcurrentBag<string>();
        await using (var first = await StartTsa(options))
        await using (var second = await StartTsa(options))
        {
            await Parallel.ForAsync(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = TestContext.Current.CancellationToken },
                async (i, ct) =>
                {
                    var decoded = await Stamp(i % 2 == 0 ? first : second, ct);
                    Assert.Equal(0, decoded.Status);
                    received.Add(Convert.ToHexString(SHA256.HashData(decoded.Token!)));
                });
        }

        var records = ReadRecords();
        Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(2, records.Count(r => r.Kind == "start"));
        Assert.Equal(2, records.Count(r => r.Kind == "stop"));
        // Both hosts' TSU certificates (two dev inits, two dev CAs) issued tokens into the one chain.
        var tsuCertificates = records.Where(r => r.Kind == "token")
            .Select(r => JsonDocument.Parse(r.Payload).RootElement.GetProperty("tsuCertificateSha256").GetString()).ToHashSet();
        Assert.Equal(2, tsuCertificates.Count);
        var logged = TokenHashes(records);
        Assert.Equal(300, logged.Count);
        Assert.All(received, hash => Assert.Contains(hash, logged));

        var (exit, output) = await Audit(WriteAuditConfiguration());
        Assert.True(exit == 0, output);
        Assert.Contains($"intact, {records.Count} record(s)", output);
    }

    [Fact]
    public async Task While_the_database_is_down_requests_get_system_failure_never_a_token_without_its_record()
    {
        var options = FreshDatabase();
        var granted = new List<string>();
        await using var tsa = await StartTsa(options);
        try
        {
            var before = await Stamp(tsa, TestContext.Current.CancellationToken);
            Assert.Equal(0, before.Status);
            granted.Add(Convert.ToHexString(SHA256.HashData(before.Token!)));

            _cluster.Stop();
            for (int i = 0; i < 5; i++)
            {
                var during = await Stamp(tsa, TestContext.Current.CancellationToken);
                Assert.Equal(2, during.Status);
                Assert.Equal([25], during.FailInfoBits); // systemFailure
                Assert.Null(during.Token);
            }

            using var metrics = await _http.GetAsync(new Uri(tsa.BaseAddress, "metrics"), TestContext.Current.CancellationToken);
            Assert.Contains("tsa_evidence_failures_total 5", await metrics.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            _cluster.Start();
        }

        // Issuance resumes by itself once the database is back, and every token that left the TSA is recorded.
        var after = await Stamp(tsa, TestContext.Current.CancellationToken);
        if (after.Status != 0)
        {
            after = await Stamp(tsa, TestContext.Current.CancellationToken); // at most one batch fails on a connection the restart broke
        }

        Assert.Equal(0, after.Status);
        granted.Add(Convert.ToHexString(SHA256.HashData(after.Token!)));
        var logged = TokenHashes(ReadRecords());
        Assert.Equal(2, logged.Count);
        Assert.All(granted, hash => Assert.Contains(hash, logged));
    }

    [Theory]
    [InlineData("Host=db;Database=tsa;Username=tsa;Password=secret", null, "Tsa:EvidenceLog:ConnectionString", "holds a password")]
    [InlineData("Host=db;Username=tsa", null, "Tsa:EvidenceLog:ConnectionString", "must name at least Host and Database")]
    [InlineData("Host=db;Database=tsa;Frobnicate=1", null, "Tsa:EvidenceLog:ConnectionString", "not a valid Npgsql connection string")]
    [InlineData("Host=db;Database=tsa", "TSA_TEST_PG_UNSET_VARIABLE", "Tsa:EvidenceLog:PasswordEnvironmentVariable", "is not set")]
    public void Bad_postgresql_settings_are_refused_with_the_setting_named(string connectionString, string? variable, string setting, string reason)
    {
        var problems = new List<ConfigurationProblem>();
        var settings = EvidenceLogSettings.Validate(new EvidenceLogOptions
        {
            Provider = "postgresql",
            ConnectionString = connectionString,
            PasswordEnvironmentVariable = variable,
        }, AppContext.BaseDirectory, problems);
        Assert.Null(settings);
        var problem = Assert.Single(problems);
        Assert.Equal(setting, problem.Setting);
        Assert.Contains(reason, problem.Reason);
        Assert.DoesNotContain("secret", problem.Reason);
    }

    [Fact]
    public void The_password_may_come_from_a_file_and_never_appears_in_the_description()
    {
        string file = Path.Combine(TempDirectory(), "pg-password");
        File.WriteAllText(file, "file-secret\n");
        var problems = new List<ConfigurationProblem>();
        var settings = EvidenceLogSettings.Validate(new EvidenceLogOptions
        {
            Provider = "postgresql",
            ConnectionString = "Host=db.example;Port=6543;Database=tsa;Username=tsa",
            PasswordFile = file,
        }, AppContext.BaseDirectory, problems);
        Assert.Empty(problems);
        Assert.Equal("PostgreSQL Host=db.example;Port=6543;Database=tsa;Username=tsa", settings!.Where("/unused"));
    }

    private async Task<EmbeddedTsa> StartTsa(EvidenceLogOptions evidenceLog) =>
        await EmbeddedTsa.StartAsync(TempDirectory(), new EmbeddedDefault.Options(Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256),
            options => options.EvidenceLog = evidenceLog, TestContext.Current.CancellationToken);

    private async Task<DecodedResponse> Stamp(EmbeddedTsa tsa, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(RequestBuilder.Sha256Of(Guid.NewGuid().ToString()).Encode());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/timestamp-query");
        using var response = await _http.PostAsync(tsa.NonQualifiedUrl, content, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return DecodedResponse.Decode(await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    private static HashSet<string?> TokenHashes(IEnumerable<EvidenceRecord> records) => records.Where(r => r.Kind == "token")
        .Select(r => JsonDocument.Parse(r.Payload).RootElement.GetProperty("tokenSha256").GetString()).ToHashSet();

    private static async Task WaitFor(Func<bool> condition, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < limit, $"not within {limit}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A configuration file holding only what `audit verify` reads: the evidence log section.</summary>
    private string WriteAuditConfiguration()
    {
        string path = Path.Combine(TempDirectory(), "audit.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { Tsa = new { EvidenceLog = LogOptions() } }));
        return path;
    }

    private Task<(int Exit, string Output)> Audit(string config, string? password = null) =>
        ReferenceTsaCli.RunAsync(["audit", "verify", "--config", config], new Dictionary<string, string> { [PasswordVariable] = password ?? _password });

    public void Dispose()
    {
        _http.Dispose();
        Environment.SetEnvironmentVariable(PasswordVariable, null);
        NpgsqlConnection.ClearAllPools();
        foreach (string directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// The served TSA with real chronyd time sources: issuance stops when they go away and resumes when they return;
/// every token a client received is in the evidence log; `audit verify` notices a modified record.
/// </summary>
public sealed class ClockAndEvidenceEndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-e2e-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static ByteArrayContent Query()
    {
        var content = new ByteArrayContent(RequestBuilder.Sha256Of(Guid.NewGuid().ToString()).Encode());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/timestamp-query");
        return content;
    }

    private async Task<DecodedResponse> Stamp(EmbeddedTsa tsa)
    {
        using var response = await _http.PostAsync(tsa.NonQualifiedUrl, Query(), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return DecodedResponse.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Issuance_stops_within_two_seconds_of_losing_the_time_sources_and_resumes_by_itself()
    {
        using var one = new Chronyd();
        using var two = new Chronyd();
        await using var tsa = await EmbeddedTsa.StartAsync(_directory, new EmbeddedDefault.Options(
            Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256), options =>
        {
            options.Clock = new Clock.ClockOptions
            {
                Sources = [one.Address, two.Address],
                PollInterval = "200ms",
                QueryTimeout = "200ms",
                MaxSampleAge = "1s",
            };
        }, TestContext.Current.CancellationToken);

        Assert.Equal(0, (await Stamp(tsa)).Status);

        one.Stop();
        two.Stop();
        var stopped = Stopwatch.StartNew();
        DecodedResponse response;
        do
        {
            response = await Stamp(tsa);
        }
        while (response.Status == 0 && stopped.Elapsed < TimeSpan.FromSeconds(10));

        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(2), $"tokens were still issued {stopped.Elapsed} after the sources stopped");
        Assert.Equal([14], response.FailInfoBits); // timeNotAvailable
        using (var ready = await _http.GetAsync(new Uri(tsa.BaseAddress, "readyz"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("clock gate closed", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        // While closed: never a token.
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(2, (await Stamp(tsa)).Status);
        }

        one.Start();
        two.Start();
        var restarted = Stopwatch.StartNew();
        do
        {
            response = await Stamp(tsa);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        while (response.Status != 0 && restarted.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(0, response.Status);
        using var metrics = await _http.GetAsync(new Uri(tsa.BaseAddress, "metrics"), TestContext.Current.CancellationToken);
        string text = await metrics.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("tsa_clock_gate_open 1", text);
        Assert.Contains("reason=\"TimeNotAvailable\"", text);

        // The closure and the reopening are in the evidence log.
        await tsa.DisposeAsync();
        var kinds = ReadEvidence().Where(r => r.Kind == "clock").Select(r => JsonDocument.Parse(r.Payload).RootElement.GetProperty("open").GetBoolean()).ToList();
        Assert.Contains(false, kinds);
        Assert.True(kinds[^1]);
    }

    [Fact]
    public async Task Every_token_a_client_received_is_in_the_evidence_log_and_audit_verify_catches_a_modified_record()
    {
        var received = new ConcurrentBag<string>();
        await using (var tsa = await EmbeddedTsa.StartAsync(_directory, new EmbeddedDefault.Options(
            Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256), configure: null, TestContext.Current.CancellationToken))
        {
            await Parallel.ForAsync(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
                async (_, ct) =>
                {
                    using var response = await _http.PostAsync(tsa.NonQualifiedUrl, Query(), ct);
                    var decoded = DecodedResponse.Decode(await response.Content.ReadAsByteArrayAsync(ct));
                    Assert.Equal(0, decoded.Status);
                    received.Add(Convert.ToHexString(SHA256.HashData(decoded.Token!)));
                });
        }

        var logged = ReadEvidence().Where(r => r.Kind == "token")
            .Select(r => JsonDocument.Parse(r.Payload).RootElement.GetProperty("tokenSha256").GetString()).ToHashSet();
        Assert.Equal(400, received.Count);
        Assert.All(received, hash => Assert.Contains(hash, logged));
        Assert.Contains(ReadEvidence(), r => r.Kind == "start");
        Assert.Contains(ReadEvidence(), r => r.Kind == "stop");

        var (exit, output) = await Audit();
        Assert.Equal(0, exit);
        Assert.Contains("intact", output);

        long victim = ReadEvidence().First(r => r.Kind == "token").Sequence + 7;
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, SqliteEvidenceLog.FileName)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP TRIGGER evidence_no_update; UPDATE evidence SET payload = replace(payload, '\"tsa\"', '\"qtsa\"') WHERE seq = {victim}";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        (exit, output) = await Audit();
        Assert.Equal(1, exit);
        Assert.Contains($"BROKEN at record {victim}", output);
    }

    private async Task<(int Exit, string Output)> Audit()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ReferenceTsa.dll"), "audit", "verify", "--data", _directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string output = await process.StandardOutput.ReadToEndAsync(timeout.Token) + await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output);
    }

    private List<(long Sequence, string Kind, string Payload)> ReadEvidence()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, SqliteEvidenceLog.FileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, kind, payload FROM evidence ORDER BY seq";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    public void Dispose()
    {
        _http.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

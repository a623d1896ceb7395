using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ReferenceTsa.Certificates;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;
using ReferenceTsa.Observability;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// The warning before a TSU stops signing (Tsa:ExpiryWarningDays): logged once a day per TSU, flagged in /metrics,
/// listed by /readyz and recorded in the evidence log, from that many days before the certificate's notAfter or the
/// private key usage period's end, whichever is first.
/// </summary>
public sealed class ExpiryWarningTests : IClassFixture<TestTsus>, IDisposable
{
    private readonly TestTsus _tsus;
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-expiry-").FullName;

    public ExpiryWarningTests(TestTsus tsus) => _tsus = tsus;

    private Task<EmbeddedTsa> StartWithKeyEndingInTenDays(int warningDays) =>
        EmbeddedTsa.StartAsync(_directory, new EmbeddedDefault.Options(DevKeyType.EcdsaP256, DevKeyType.EcdsaP256), options =>
        {
            ShortLivedCertificate.Install(options, _directory, "tsu-nonqualified", TimeSpan.FromDays(10));
            options.ExpiryWarningDays = warningDays;
        }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Thirty_days_ahead_the_served_TSA_flags_the_TSU_in_metrics_readyz_and_the_evidence_log()
    {
        await using (var tsa = await StartWithKeyEndingInTenDays(30))
        {
            using var probe = new ServedTsaProbe(tsa);
            Assert.Equal(1, await probe.MetricAsync("tsa_tsu_expiry_warning{tsu=\"tsu-nonqualified\"}"));
            Assert.Equal(0, await probe.MetricAsync("tsa_tsu_expiry_warning{tsu=\"tsu-qualified\"}"));
            Assert.InRange(await probe.MetricAsync("tsa_tsu_certificate_expiry_seconds{tsu=\"tsu-nonqualified\"}"), 10 * 86_400 - 120, 10 * 86_400);
            Assert.Equal(1, await probe.MetricAsync("tsa_tsu_can_sign{tsu=\"tsu-nonqualified\"}"));

            var (status, body) = await probe.ReadyAsync();
            Assert.Equal(HttpStatusCode.OK, status); // a warning, not a refusal: it still signs
            var warnings = body.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
            Assert.Contains(warnings, w => w.StartsWith("TSU tsu-nonqualified stops signing at", StringComparison.Ordinal) && w.Contains("warned 30 days ahead"));
            Assert.DoesNotContain(warnings, w => w.StartsWith("TSU tsu-qualified stops", StringComparison.Ordinal));
            Assert.Equal(0, (await probe.StampAsync()).Status);

            await WaitForEvidence(r => r.Kind == "tsu");
        }

        var warning = Assert.Single(ServedTsaProbe.Evidence(_directory), r => r.Kind == "tsu");
        Assert.Equal("expiry-warning", warning.Payload.GetProperty("event").GetString());
        Assert.Equal("tsu-nonqualified", warning.Payload.GetProperty("tsu").GetString());
        Assert.InRange(warning.Payload.GetProperty("secondsLeft").GetDouble(), 10 * 86_400 - 120, 10 * 86_400);
    }

    [Fact]
    public async Task Five_days_ahead_the_same_TSU_is_not_flagged_yet()
    {
        await using (var tsa = await StartWithKeyEndingInTenDays(5))
        {
            using var probe = new ServedTsaProbe(tsa);
            Assert.Equal(0, await probe.MetricAsync("tsa_tsu_expiry_warning{tsu=\"tsu-nonqualified\"}"));
            var (_, body) = await probe.ReadyAsync();
            Assert.DoesNotContain(body.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("stops signing"));
            await WaitForEvidence(r => r.Kind == "start");
        }

        Assert.DoesNotContain(ServedTsaProbe.Evidence(_directory), r => r.Kind == "tsu");
    }

    [Fact]
    public async Task The_log_warns_once_a_day_per_TSU_with_structured_fields_and_reports_the_end_of_signing_once()
    {
        var clock = new ManualClock(_tsus.Now.AddDays(1)); // the test TSUs' keys sign for 10 days
        var logger = new ListLogger();
        var records = new List<(string Kind, string Payload)>();
        var service = new TimeStampingService([_tsus.Rsa], [], 16 * 1024, _directory);
        var watch = new TsuLifecycleWatch(service, clock, (kind, payload) =>
        {
            records.Add((kind, System.Text.Json.JsonSerializer.Serialize(payload)));
            return Task.CompletedTask;
        }, logger, TimeSpan.FromSeconds(1));

        await watch.CheckAsync();
        clock.Advance(TimeSpan.FromHours(23));
        await watch.CheckAsync();
        var warnings = logger.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        var first = Assert.Single(warnings);
        Assert.Equal("rsa", first.State["Tsu"]);
        Assert.Equal(_tsus.Rsa.SigningEndsAt, first.State["SigningEndsAt"]);
        Assert.InRange((double)first.State["DaysLeft"]!, 8.9, 9.1);
        Assert.DoesNotContain("PRIVATE KEY", first.Message);

        clock.Advance(TimeSpan.FromHours(1));
        await watch.CheckAsync();
        Assert.Equal(2, logger.Entries.Count(e => e.Level == LogLevel.Warning));

        clock.Now = _tsus.Rsa.SigningEndsAt.AddSeconds(1);
        await watch.CheckAsync();
        await watch.CheckAsync();
        var stopped = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("private key usage period ended", stopped.Message);
        Assert.Single(records, r => r.Payload.Contains("signing-stopped"));
        Assert.Equal(2, records.Count(r => r.Payload.Contains("expiry-warning")));
    }

    private async Task WaitForEvidence(Func<(long Sequence, string Kind, System.Text.Json.JsonElement Payload), bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!ServedTsaProbe.Evidence(_directory).Any(condition) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private sealed class ListLogger : ILogger<TsuLifecycleWatch>
    {
        public List<(LogLevel Level, string Message, Dictionary<string, object?> State)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception),
                (state as IEnumerable<KeyValuePair<string, object?>>)?.ToDictionary(kv => kv.Key, kv => kv.Value) ?? []));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

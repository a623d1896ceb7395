using System.Net;
using Microsoft.Data.Sqlite;
using ReferenceTsa.Certificates;
using ReferenceTsa.Clock;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Faults injected into a served TSA (the in-process host on a loopback port, real chronyd time sources, and a lying
/// NTP server as the faulty one): each is seen by a client as an RFC 3161 rejection with its failInfo, by /readyz
/// as not ready with the reason, and by an auditor as a record in the evidence log (EN 319 421 TIS-7.7.1-07,
/// TIS-7.7.2, TIS-7.6.7, OVR-7.12). The loss of all sources is covered by <see cref="ClockAndEvidenceEndToEndTests"/>.
/// </summary>
public sealed class ServedFaultTests : IDisposable
{
    private const int TimeNotAvailable = 14;
    private const int SystemFailure = 25;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-fault-").FullName;

    private Task<EmbeddedTsa> StartAsync(IReadOnlyList<string> sources, Action<TsaOptions>? more = null) =>
        EmbeddedTsa.StartAsync(_directory, new EmbeddedDefault.Options(DevKeyType.EcdsaP256, DevKeyType.EcdsaP256), options =>
        {
            options.Clock = new ClockOptions
            {
                Sources = [.. sources],
                PollInterval = "200ms",
                QueryTimeout = "200ms",
                MaxSampleAge = "1s",
                ReopenAfterGoodPolls = 2,
            };
            more?.Invoke(options);
        }, TestContext.Current.CancellationToken);

    private List<(long Sequence, string Kind, System.Text.Json.JsonElement Payload)> ClockEvents() =>
        [.. ServedTsaProbe.Evidence(_directory).Where(r => r.Kind == "clock")];

    private static async Task AssertNotReady(ServedTsaProbe probe, string reason)
    {
        var (status, body) = await probe.ReadyAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("not-ready", body.GetProperty("status").GetString());
        Assert.Contains(body.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains(reason));
    }

    [Fact]
    public async Task Sources_agreeing_on_a_time_beyond_the_declared_accuracy_stop_issuance_until_they_come_back()
    {
        using var one = new LyingNtpServer(TimeSpan.Zero);
        using var two = new LyingNtpServer(TimeSpan.Zero);
        await using (var tsa = await StartAsync([one.Address, two.Address]))
        {
            using var probe = new ServedTsaProbe(tsa);
            Assert.Equal(0, (await probe.StampAsync()).Status);

            // Both sources now say the TSA clock is 1.5 s behind: they agree, but the bound exceeds 1 s − 100 ms.
            one.Offset = two.Offset = TimeSpan.FromMilliseconds(1500);
            var refused = await probe.StampUntilAsync(r => r.Status == 2 && r.StatusString!.Contains("error bound"), Patience);
            Assert.Equal(2, refused.Status);
            Assert.Equal([TimeNotAvailable], refused.FailInfoBits);
            Assert.Contains("exceeds 900 ms", refused.StatusString);
            Assert.Null(refused.Token);
            await AssertNotReady(probe, "clock error bound");
            Assert.Equal(0, await probe.MetricAsync("tsa_clock_gate_open"));

            one.Offset = two.Offset = TimeSpan.Zero;
            Assert.Equal(0, (await probe.StampUntilAsync(r => r.Status == 0, Patience)).Status);
            Assert.Equal(HttpStatusCode.OK, (await probe.ReadyAsync()).Status);
        }

        var events = ClockEvents();
        Assert.Contains(events, e => !e.Payload.GetProperty("open").GetBoolean()
                                     && e.Payload.GetProperty("reason").GetString()!.Contains("exceeds 900 ms")
                                     && e.Payload.GetProperty("errorBoundMs").GetDouble() > 1400);
        Assert.True(events[^1].Payload.GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task A_source_that_disagrees_with_a_real_chronyd_stops_issuance()
    {
        using var chronyd = new Chronyd();
        using var liar = new LyingNtpServer(TimeSpan.Zero);
        await using (var tsa = await StartAsync([chronyd.Address, liar.Address]))
        {
            using var probe = new ServedTsaProbe(tsa);
            Assert.Equal(0, (await probe.StampAsync()).Status);

            liar.Offset = TimeSpan.FromMilliseconds(-300); // within the accuracy, but 300 ms from chronyd
            var refused = await probe.StampUntilAsync(r => r.Status == 2, Patience);
            Assert.Equal([TimeNotAvailable], refused.FailInfoBits);
            Assert.Contains("time sources disagree by", refused.StatusString);
            await AssertNotReady(probe, "disagree");

            // While they disagree: never a token.
            for (int i = 0; i < 5; i++)
            {
                Assert.Equal(2, (await probe.StampAsync()).Status);
            }

            liar.Offset = TimeSpan.Zero;
            Assert.Equal(0, (await probe.StampUntilAsync(r => r.Status == 0, Patience)).Status);
        }

        var events = ClockEvents();
        var closed = Assert.Single(events, e => e.Payload.GetProperty("reason").GetString()!.Contains("disagree"));
        Assert.False(closed.Payload.GetProperty("open").GetBoolean());
        var offsets = closed.Payload.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("offsetMs").GetDouble()).ToList();
        Assert.InRange(offsets.Max() - offsets.Min(), 250, 350);
        Assert.True(events[^1].Payload.GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task A_leap_second_under_policy_pause_refuses_requests_in_its_window_and_resumes_after_it()
    {
        using var one = new Chronyd();
        using var two = new Chronyd();
        // A crafted IERS list whose leap second ends 12 s after the TSA is configured (real lists put it at midnight;
        // the format allows any second, which lets the served TSA meet one during the test).
        DateTimeOffset leap = default;
        await using (var tsa = await StartAsync([one.Address, two.Address], o =>
                     {
                         leap = DateTimeOffset.UtcNow.AddSeconds(12);
                         leap = new DateTimeOffset(leap.Ticks - leap.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
                         o.Clock.LeapSeconds = new LeapSecondOptions
                         {
                             Policy = "pause",
                             List = LeapSecondListFile.Write(_directory, leap.AddDays(-30), leap.AddDays(150), leap),
                             Window = "2s",
                         };
                     }))
        {
            using var probe = new ServedTsaProbe(tsa);
            Assert.Equal(0, (await probe.StampAsync()).Status);

            var refused = await probe.StampUntilAsync(r => r.Status == 2, TimeSpan.FromSeconds(20));
            var refusedAt = DateTimeOffset.UtcNow;
            Assert.Equal([TimeNotAvailable], refused.FailInfoBits);
            Assert.Contains("leap second", refused.StatusString);
            Assert.Contains("policy pause", refused.StatusString);
            Assert.InRange(refusedAt, leap.AddSeconds(-3), leap.AddSeconds(2.5)); // window: 2 s before 23:59:60 to 2 s after
            await AssertNotReady(probe, "leap second");

            var granted = await probe.StampUntilAsync(r => r.Status == 0, Patience);
            Assert.Equal(0, granted.Status);
            Assert.True(DateTimeOffset.UtcNow >= leap.AddSeconds(2), "issued again before the window ended");
        }

        var events = ClockEvents();
        Assert.Contains(events, e => !e.Payload.GetProperty("open").GetBoolean() && e.Payload.GetProperty("reason").GetString()!.Contains("leap second"));
        Assert.True(events[^1].Payload.GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task A_source_that_starts_smearing_near_a_leap_second_is_refused_as_not_UTC()
    {
        using var one = new Chronyd();
        using var two = new Chronyd();
        using var smearing = new LyingNtpServer(TimeSpan.Zero);
        await using (var tsa = await StartAsync([one.Address, two.Address, smearing.Address], o =>
                     {
                         var leap = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
                         o.Clock.LeapSeconds = new LeapSecondOptions
                         {
                             List = LeapSecondListFile.Write(_directory, leap.AddDays(-30), leap.AddDays(150), leap),
                         };
                         o.Clock.MinimumSources = 3;
                         o.Clock.SmearObservation = "4s"; // a fast smear needs a short look; real ones are judged over 600 s
                     }))
        {
            using var probe = new ServedTsaProbe(tsa);
            Assert.Equal(0, (await probe.StampAsync()).Status);

            // 5 ms/s: fast enough to show within seconds over loopback jitter, slow enough to stay under the 100 ms
            // disagreement limit for 20 s, so the smear heuristic (not disagreement) is what closes the gate.
            smearing.StartSmear(5e-3);
            var refused = await probe.StampUntilAsync(r => r.Status == 2, TimeSpan.FromSeconds(15));
            Assert.Equal([TimeNotAvailable], refused.FailInfoBits);
            Assert.Contains($"{smearing.Address}: leap smear suspected", refused.StatusString);
            await AssertNotReady(probe, "leap smear suspected");
        }

        Assert.Contains(ClockEvents(), e => !e.Payload.GetProperty("open").GetBoolean()
                                            && e.Payload.GetProperty("reason").GetString()!.Contains("leap smear suspected"));
    }

    [Fact]
    public async Task A_TSU_whose_private_key_usage_period_ends_during_the_run_is_refused_after_the_crossing()
    {
        using var one = new Chronyd();
        using var two = new Chronyd();
        DateTimeOffset keyEnd = default;
        await using (var tsa = await StartAsync([one.Address, two.Address], options =>
                     {
                         keyEnd = ShortLivedCertificate.Install(options, _directory, "tsu-nonqualified", TimeSpan.FromSeconds(5));
                     }))
        {
            using var probe = new ServedTsaProbe(tsa);
            Assert.Equal(0, (await probe.StampAsync()).Status);
            Assert.Equal(1, await probe.MetricAsync("tsa_tsu_expiry_warning{tsu=\"tsu-nonqualified\"}"));

            var refused = await probe.StampUntilAsync(r => r.Status == 2, Patience);
            Assert.True(DateTimeOffset.UtcNow > keyEnd, $"refused before the key usage period ended at {keyEnd:O}");
            Assert.Equal([SystemFailure], refused.FailInfoBits);
            Assert.Contains("private key usage period ended", refused.StatusString);
            Assert.Null(refused.Token);
            await AssertNotReady(probe, "TSU tsu-nonqualified: certificate or private key usage period has ended");
            Assert.Equal(0, await probe.MetricAsync("tsa_tsu_can_sign{tsu=\"tsu-nonqualified\"}"));
            Assert.True(await probe.MetricAsync("tsa_tsu_certificate_expiry_seconds{tsu=\"tsu-nonqualified\"}") < 0);

            // The other TSU is unaffected.
            Assert.Equal(0, (await probe.StampAsync(tsa.QualifiedUrl)).Status);

            // The lifecycle watch records the crossing within a second.
            var deadline = DateTimeOffset.UtcNow + Patience;
            while (!ServedTsaProbe.Evidence(_directory).Any(r => r.Kind == "tsu" && r.Payload.GetProperty("event").GetString() == "signing-stopped")
                   && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        var tsuEvents = ServedTsaProbe.Evidence(_directory).Where(r => r.Kind == "tsu").ToList();
        Assert.Contains(tsuEvents, r => r.Payload.GetProperty("event").GetString() == "expiry-warning");
        var stopped = Assert.Single(tsuEvents, r => r.Payload.GetProperty("event").GetString() == "signing-stopped");
        Assert.Equal("tsu-nonqualified", stopped.Payload.GetProperty("tsu").GetString());
        Assert.Contains("private key usage period ended", stopped.Payload.GetProperty("reason").GetString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

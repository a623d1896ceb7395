using Microsoft.Extensions.Logging.Abstractions;
using ReferenceTsa.Clock;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>The fail-closed clock (EN 319 421 TIS-7.7.1-07, TIS-7.7.2-06) against real chronyd time sources.</summary>
public sealed class ClockGateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static NtpSample Sample(string source, double offsetMs, double delayMs = 1, double dispersionMs = 1, int leap = 0, double ageMs = 0) =>
        new(source, Now.AddMilliseconds(-ageMs), TimeSpan.FromMilliseconds(offsetMs), TimeSpan.FromMilliseconds(delayMs),
            TimeSpan.Zero, TimeSpan.FromMilliseconds(dispersionMs), 2, leap, "127.0.0.1");

    private static ClockGate Gate() => new(TimeSpan.FromMilliseconds(900), 2, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100), 3);

    private static Dictionary<string, (NtpSample?, string?)> Latest(params NtpSample?[] samples) =>
        samples.Select((s, i) => ($"ntp{i}", s)).ToDictionary(x => x.Item1, x => (x.s, x.s is null ? "timed out" : (string?)null));

    private static ClockState OpenGate(ClockGate gate)
    {
        for (int i = 0; i < 3; i++)
        {
            gate.Evaluate(Latest(Sample("a", 1), Sample("b", 2)), Now);
        }

        Assert.True(gate.Current.Open, gate.Current.Reason);
        return gate.Current;
    }

    [Fact]
    public void Starts_closed_and_opens_only_after_three_good_evaluations()
    {
        var gate = Gate();
        Assert.False(gate.Current.Open);
        Assert.False(gate.Evaluate(Latest(Sample("a", 1), Sample("b", 2)), Now).Open);
        Assert.False(gate.Evaluate(Latest(Sample("a", 1), Sample("b", 2)), Now).Open);
        Assert.True(gate.Evaluate(Latest(Sample("a", 1), Sample("b", 2)), Now).Open);
    }

    [Fact]
    public void Closes_at_once_when_a_required_source_is_unreachable()
    {
        var gate = Gate();
        OpenGate(gate);
        var state = gate.Evaluate(Latest(Sample("a", 1), null), Now);
        Assert.False(state.Open);
        Assert.Contains("1 of 2 time sources usable", state.Reason);
        Assert.Contains("timed out", state.Reason);
    }

    [Fact]
    public void Closes_when_samples_are_stale()
    {
        var gate = Gate();
        OpenGate(gate);
        Assert.False(gate.Evaluate(Latest(Sample("a", 1, ageMs: 2500), Sample("b", 1, ageMs: 2500)), Now).Open);
    }

    [Fact]
    public void Closes_when_the_error_bound_exceeds_accuracy_minus_margin()
    {
        var gate = Gate();
        OpenGate(gate);
        var state = gate.Evaluate(Latest(Sample("a", 950), Sample("b", 940)), Now);
        Assert.False(state.Open);
        Assert.Contains("exceeds 900 ms", state.Reason);
        Assert.True(state.ErrorBound > TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public void Closes_when_sources_disagree()
    {
        var gate = Gate();
        OpenGate(gate);
        var state = gate.Evaluate(Latest(Sample("a", 10), Sample("b", 300)), Now);
        Assert.False(state.Open);
        Assert.Contains("disagree", state.Reason);
    }

    [Fact]
    public void An_unsynchronised_source_does_not_count()
    {
        var gate = Gate();
        OpenGate(gate);
        Assert.False(gate.Evaluate(Latest(Sample("a", 1), Sample("b", 1, leap: 3)), Now).Open);
    }

    [Fact]
    public void Reopens_only_after_consecutive_clearly_good_evaluations()
    {
        var gate = Gate();
        OpenGate(gate);
        gate.Evaluate(Latest(Sample("a", 1), null), Now);
        gate.Evaluate(Latest(Sample("a", 1), Sample("b", 1)), Now);
        gate.Evaluate(Latest(Sample("a", 850), Sample("b", 850)), Now); // within threshold but above 80%: not clearly good
        Assert.False(gate.Current.Open);
        gate.Evaluate(Latest(Sample("a", 1), Sample("b", 1)), Now);
        Assert.False(gate.Current.Open);
        gate.Evaluate(Latest(Sample("a", 1), Sample("b", 1)), Now);
        gate.Evaluate(Latest(Sample("a", 1), Sample("b", 1)), Now);
        Assert.True(gate.Current.Open);
    }

    [Fact]
    public async Task Sntp_client_measures_a_real_chronyd()
    {
        using var chronyd = new Chronyd();
        // chronyd -x serves this machine's clock, so the offset is ~0; a step of the host's clock while chronyd settles
        // (seen once in CI: -498 ms) shows in one sample only, so the best of three queries is judged, all of them named.
        var samples = new List<NtpSample>();
        for (int i = 0; i < 3 && (samples.Count == 0 || samples[^1].Offset.Duration() >= TimeSpan.FromMilliseconds(50)); i++)
        {
            samples.Add(await SntpClient.QueryAsync(chronyd.Address, TimeProvider.System, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
        }

        var sample = samples.MinBy(s => s.Offset.Duration())!;
        Assert.Equal(3, sample.Stratum);
        Assert.True(sample.SourceSynchronised);
        Assert.True(sample.Offset.Duration() < TimeSpan.FromMilliseconds(50), $"offsets {string.Join(", ", samples.Select(s => s.Offset))}");
        Assert.True(sample.RoundTripDelay < TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Sntp_client_sees_a_skewed_local_clock_as_offset()
    {
        using var chronyd = new Chronyd();
        var skewed = new SkewedClock(TimeSpan.FromSeconds(-2));
        var sample = await SntpClient.QueryAsync(chronyd.Address, skewed, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.InRange(sample.Offset.TotalMilliseconds, 1950, 2050);
    }

    [Fact]
    public async Task Monitor_closes_the_gate_within_the_sample_age_after_chronyd_stops_and_reopens_when_it_returns()
    {
        using var one = new Chronyd();
        using var two = new Chronyd();
        var maxAge = TimeSpan.FromSeconds(1);
        var gate = new ClockGate(TimeSpan.FromMilliseconds(900), 2, maxAge, TimeSpan.FromMilliseconds(100), 3);
        var monitor = new TimeSourceMonitor([one.Address, two.Address], gate, TimeProvider.System,
            TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), NullLogger<TimeSourceMonitor>.Instance);
        var ct = TestContext.Current.CancellationToken;
        for (int i = 0; i < 3; i++)
        {
            await monitor.PollOnceAsync(ct);
        }

        Assert.True(gate.Current.Open, gate.Current.Reason);
        one.Stop();
        var stopped = DateTimeOffset.UtcNow;
        ClockState state;
        do
        {
            state = await monitor.PollOnceAsync(ct);
        }
        while (state.Open && DateTimeOffset.UtcNow - stopped < TimeSpan.FromSeconds(5));

        var closedAfter = DateTimeOffset.UtcNow - stopped;
        Assert.False(state.Open);
        Assert.True(closedAfter <= maxAge + TimeSpan.FromMilliseconds(500), $"closed only after {closedAfter}");
        Assert.Contains(one.Address, state.Reason);
        one.Start();
        for (int i = 0; i < 3; i++)
        {
            await monitor.PollOnceAsync(ct);
        }

        Assert.True(gate.Current.Open, gate.Current.Reason);
    }

    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
    }
}

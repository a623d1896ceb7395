using ReferenceTsa.Clock;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Leap-smearing sources are refused as non-UTC (EN 319 421 TIS-7.7.1). The samples are recorded in the shape a
/// 24-hour noon-to-noon linear smear produces (one second spread over 86 400 s: 11.574 ppm) next to honest sources
/// with measurement noise, polled every 10 s on a hand-moved clock.
/// </summary>
public sealed class LeapSmearDetectionTests
{
    private static readonly DateTimeOffset Leap = new(2027, 7, 1, 0, 0, 0, TimeSpan.Zero);
    private const double SmearRate = 1.0 / 86_400;

    private static ClockGate Gate(ManualClock clock, int minimumSources, params string[] declared) =>
        new(TimeSpan.FromMilliseconds(900), minimumSources, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), 1)
        {
            LeapSeconds = new LeapSecondGuard(LeapSecondPolicy.Pause, LeapList(), TimeSpan.FromSeconds(1)),
            Smears = new SmearDetector(declared, 5, TimeSpan.FromMinutes(10)),
            Clock = clock,
        };

    private static LeapSecondList LeapList()
    {
        var lines = LeapSecondListFile.Lines(Leap.AddMonths(-6), Leap.AddMonths(6), Leap);
        Assert.True(LeapSecondList.TryParse("smear.list", lines, out var list, out string? problem), problem);
        return list!;
    }

    private static NtpSample Sample(string source, DateTimeOffset at, double offsetSeconds, int leap = 0, string? refId = null) =>
        new(source, at, TimeSpan.FromSeconds(offsetSeconds), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(4),
            TimeSpan.FromMilliseconds(3), 2, leap, refId ?? "192.0.2.9");

    /// <summary>
    /// Polls for <paramref name="duration"/> from <paramref name="start"/>: two honest sources and a third whose offset
    /// follows <paramref name="smear"/> (seconds, against UTC, at that instant); returns the last state.
    /// </summary>
    private static ClockState Run(ClockGate gate, ManualClock clock, DateTimeOffset start, TimeSpan duration, Func<DateTimeOffset, double> smear,
        int smearLeapIndicator = 0, bool withSecondHonest = true)
    {
        var noise = new Random(20270630);
        double Noise() => (noise.NextDouble() - 0.5) * 100e-6; // ±50 µs
        ClockState state = gate.Current;
        for (clock.Now = start; clock.Now <= start + duration; clock.Advance(TimeSpan.FromSeconds(10)))
        {
            var latest = new Dictionary<string, (NtpSample?, string?)>
            {
                ["ntp-honest-1"] = (Sample("ntp-honest-1", clock.Now, 0.0003 + Noise()), null),
                ["ntp-smear"] = (Sample("ntp-smear", clock.Now, smear(clock.Now) + Noise(), smearLeapIndicator), null),
            };
            if (withSecondHonest)
            {
                latest["ntp-honest-2"] = (Sample("ntp-honest-2", clock.Now, -0.0002 + Noise()), null);
            }

            state = gate.Evaluate(latest, clock.Now);
        }

        return state;
    }

    /// <summary>Google-style smear: starts at noon before the leap, ahead of UTC by up to one second at midnight.</summary>
    private static double NoonToNoon(DateTimeOffset at) =>
        Math.Clamp((at - Leap.AddHours(-12)).TotalSeconds, 0, 86_400) * SmearRate * -1;

    [Fact]
    public void A_source_smearing_before_a_scheduled_leap_is_refused_and_the_honest_ones_are_not()
    {
        // Early in the smear: the offsets differ by a few milliseconds only, well inside MaxDisagreement.
        var start = Leap.AddHours(-12).AddMinutes(1);
        var clock = new ManualClock(start);
        var gate = Gate(clock, minimumSources: 2);
        var state = Run(gate, clock, start, TimeSpan.FromMinutes(15), NoonToNoon);

        Assert.True(state.Open, state.Reason);
        Assert.True(state.ErrorBound < TimeSpan.FromMilliseconds(100));
        Assert.DoesNotContain(state.Samples, s => s.Source == "ntp-smear");
        Assert.Equal(["ntp-honest-1", "ntp-honest-2"], state.Samples.Select(s => s.Source).Order());
        var warning = Assert.Single(state.Warnings, w => w.Contains("ntp-smear"));
        Assert.Contains("leap smear suspected", warning);
        Assert.Contains("-11.6 ppm", warning);
    }

    [Fact]
    public void When_the_smearing_source_is_needed_the_gate_closes_and_names_it()
    {
        var start = Leap.AddHours(-12).AddMinutes(1);
        var clock = new ManualClock(start);
        var gate = Gate(clock, minimumSources: 3);
        var state = Run(gate, clock, start, TimeSpan.FromMinutes(15), NoonToNoon);

        Assert.False(state.Open);
        Assert.Contains("2 of 3 time sources usable", state.Reason);
        Assert.Contains("ntp-smear: leap smear suspected", state.Reason);
    }

    [Fact]
    public void With_two_sources_the_smear_is_judged_against_the_local_clock()
    {
        var start = Leap.AddHours(-12).AddMinutes(2);
        var clock = new ManualClock(start);
        var gate = Gate(clock, minimumSources: 1);
        var state = Run(gate, clock, start, TimeSpan.FromMinutes(15), NoonToNoon, withSecondHonest: false);

        Assert.Equal(["ntp-honest-1"], state.Samples.Select(s => s.Source));
        Assert.Contains(state.Warnings, w => w.Contains("ntp-smear") && w.Contains("the local clock"));
    }

    [Fact]
    public void The_same_drift_far_from_any_leap_second_is_not_called_a_smear()
    {
        var far = Leap.AddDays(-10);
        var clock = new ManualClock(far);
        var gate = Gate(clock, minimumSources: 2);
        var state = Run(gate, clock, far, TimeSpan.FromMinutes(15), at => (at - far).TotalSeconds * -SmearRate);

        Assert.Contains(state.Samples, s => s.Source == "ntp-smear");
        Assert.Empty(state.Warnings);
    }

    [Fact]
    public void A_drifting_source_that_announces_the_leap_is_not_called_a_smear()
    {
        var start = Leap.AddHours(-12).AddMinutes(1);
        var clock = new ManualClock(start);
        var gate = Gate(clock, minimumSources: 2);
        var state = Run(gate, clock, start, TimeSpan.FromMinutes(15), NoonToNoon, smearLeapIndicator: 1);

        Assert.Contains(state.Samples, s => s.Source == "ntp-smear");
        Assert.DoesNotContain(state.Warnings, w => w.Contains("smear"));
    }

    [Fact]
    public void Honest_sources_with_noise_are_never_refused_near_the_leap()
    {
        var clock = new ManualClock(Leap.AddHours(-1));
        var gate = Gate(clock, minimumSources: 3);
        var state = Run(gate, clock, Leap.AddHours(-1), TimeSpan.FromMinutes(20), _ => 0.0001);
        Assert.True(state.Open, state.Reason);
        Assert.Equal(3, state.Samples.Count);
    }

    [Theory]
    [InlineData("ntp-smear")]
    [InlineData("GOOG")]
    public void A_declared_smearing_source_is_refused_by_name_or_reference_id(string declared)
    {
        var clock = new ManualClock(Leap.AddDays(-100));
        var gate = Gate(clock, 3, declared);
        var state = gate.Evaluate(new Dictionary<string, (NtpSample?, string?)>
        {
            ["ntp-a"] = (Sample("ntp-a", clock.Now, 0.001), null),
            ["ntp-b"] = (Sample("ntp-b", clock.Now, 0.001), null),
            ["ntp-smear"] = (Sample("ntp-smear", clock.Now, 0.001, refId: "GOOG"), null),
        }, clock.Now);
        Assert.False(state.Open);
        Assert.Contains("ntp-smear: declared leap-smearing", state.Reason);
    }

    [Fact]
    public void Ntpd_smear_marker_in_the_reference_id_is_refused()
    {
        var clock = new ManualClock(Leap.AddHours(-2));
        var gate = Gate(clock, 2);
        var state = gate.Evaluate(new Dictionary<string, (NtpSample?, string?)>
        {
            ["ntp-a"] = (Sample("ntp-a", clock.Now, 0.001), null),
            ["ntp-b"] = (Sample("ntp-b", clock.Now, 0.001, refId: "254.0.40.0"), null),
        }, clock.Now);
        Assert.False(state.Open);
        Assert.Contains("leap-smear marker", state.Reason);
    }

    [Theory]
    [InlineData("time.google.com", "Google Public NTP")]
    [InlineData("TIME3.google.com:123", "Google Public NTP")]
    [InlineData("169.254.169.123", "Amazon Time Sync")]
    [InlineData("[fd00:ec2::123]:123", "Amazon Time Sync")]
    [InlineData("time.facebook.com", "Meta")]
    public void Public_smearing_services_are_recognised(string source, string service) =>
        Assert.Contains(service, KnownSmearingServices.Smears(source));

    [Theory]
    [InlineData("ntp.example.net")]
    [InlineData("ptbtime1.ptb.de")]
    [InlineData("127.0.0.1:12345")]
    public void Other_sources_are_not_taken_for_smearing_services(string source) =>
        Assert.Null(KnownSmearingServices.Smears(source));
}

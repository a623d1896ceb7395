using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using ReferenceTsa.Clock;
using ReferenceTsa.Issuance;
using ReferenceTsa.Protocol;
using ReferenceTsa.Signing;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// The leap-second policy (Tsa:Clock:LeapSeconds) around a leap second scheduled by a crafted IERS list or announced by
/// the sources' leap indicator, walked through with a hand-moved clock (EN 319 421 TIS-7.7.1, TIS-7.7.2).
/// </summary>
public sealed class LeapSecondPolicyTests : IClassFixture<TestTsus>, IDisposable
{
    /// <summary>A leap second inserted as 2027-06-30 23:59:60: TAI − UTC changes at 2027-07-01 00:00:00.</summary>
    private static readonly DateTimeOffset Leap = new(2027, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TestTsus _tsus;
    private readonly string _directory = Directory.CreateTempSubdirectory("leap-policy-").FullName;
    private readonly LeapSecondList _list;

    public LeapSecondPolicyTests(TestTsus tsus)
    {
        _tsus = tsus;
        string path = LeapSecondListFile.Write(_directory, Leap.AddMonths(-6), Leap.AddMonths(6), new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero), Leap);
        Assert.True(LeapSecondList.TryLoad(path, out var list, out string? problem), problem);
        _list = list!;
    }

    private static ClockGate Gate(LeapSecondPolicy policy, LeapSecondList? list, ManualClock clock, TimeSpan? window = null) =>
        new(TimeSpan.FromMilliseconds(900), 2, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100), 1)
        {
            LeapSeconds = new LeapSecondGuard(policy, list, window ?? TimeSpan.FromSeconds(1)),
            Clock = clock,
        };

    private static ClockState Poll(ClockGate gate, ManualClock clock, int leapIndicator = 0) =>
        gate.Evaluate(new Dictionary<string, (NtpSample?, string?)>
        {
            ["ntp-a"] = (new NtpSample("ntp-a", clock.Now, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), TimeSpan.Zero,
                TimeSpan.FromMilliseconds(1), 2, leapIndicator, "192.0.2.1"), null),
            ["ntp-b"] = (new NtpSample("ntp-b", clock.Now, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(1), TimeSpan.Zero,
                TimeSpan.FromMilliseconds(1), 2, leapIndicator, "192.0.2.2"), null),
        }, clock.Now);

    [Fact]
    public void Pause_closes_the_gate_from_one_second_before_23_59_60_to_one_second_after_midnight_and_reopens_by_itself()
    {
        var clock = new ManualClock(Leap.AddSeconds(-30));
        var gate = Gate(LeapSecondPolicy.Pause, _list, clock);
        var changes = new List<ClockState>();
        gate.Changed += changes.Add;
        Assert.True(Poll(gate, clock).Open);

        clock.Now = Leap.AddSeconds(-2).AddMilliseconds(-1); // 23:59:57.999
        Assert.True(gate.Current.Open, gate.Current.Reason);

        clock.Now = Leap.AddSeconds(-2); // 23:59:58.000: the window opens, between polls
        var closed = gate.Current;
        Assert.False(closed.Open);
        Assert.Contains("leap second 2027-06-30 23:59:60 UTC", closed.Reason);
        Assert.Contains("policy pause", closed.Reason);
        Assert.Contains("leap-seconds.list", closed.Reason);
        Assert.False(Poll(gate, clock).Open);

        clock.Now = Leap.AddSeconds(1); // 00:00:01.000: last instant of the window
        Assert.False(gate.Current.Open);
        clock.Now = Leap.AddSeconds(1).AddMilliseconds(1);
        Assert.True(gate.Current.Open, gate.Current.Reason);
        Assert.True(Poll(gate, clock).Open);

        // The closure and the reopening were reported (the host appends them to the evidence log).
        Assert.Equal([true, false, true], changes.Select(c => c.Open));
        Assert.Contains("leap second", changes[1].Reason);
    }

    [Fact]
    public void During_the_pause_requests_get_timeNotAvailable_and_after_it_a_token()
    {
        var clock = new ManualClock(Leap.AddSeconds(-30));
        var gate = Gate(LeapSecondPolicy.Pause, _list, clock);
        Poll(gate, clock);
        using var tsu = LeapDayTsu();
        var issuer = new TimeStampIssuer(_tsus.Serials, clock, NullLogger<TimeStampIssuer>.Instance, gate);

        clock.Now = Leap.AddMilliseconds(-500); // 23:59:59.500 on the system clock
        var refused = DecodedResponse.Decode(issuer.Issue(new RequestBuilder().Encode(), TestTsus.Policy(tsu)).Response);
        Assert.Equal(2, refused.Status);
        Assert.Equal([14], refused.FailInfoBits);
        Assert.Contains("leap second", refused.StatusString);

        clock.Now = Leap.AddSeconds(2);
        var granted = DecodedResponse.Decode(issuer.Issue(new RequestBuilder().Encode(), TestTsus.Policy(tsu)).Response);
        Assert.Equal(0, granted.Status);
    }

    [Fact]
    public void Stop_keeps_the_gate_closed_after_the_window_until_the_TSA_is_restarted()
    {
        var clock = new ManualClock(Leap.AddSeconds(-30));
        var gate = Gate(LeapSecondPolicy.Stop, _list, clock);
        Assert.True(Poll(gate, clock).Open);
        clock.Now = Leap.AddSeconds(-1.5);
        Assert.False(Poll(gate, clock).Open);

        clock.Now = Leap.AddMinutes(10);
        var state = Poll(gate, clock);
        Assert.False(state.Open);
        Assert.Contains("policy stop", state.Reason);
        Assert.Contains("restarts the TSA", state.Reason);

        // A restart is the operator's resume: a new gate after the window issues again.
        var restarted = Gate(LeapSecondPolicy.Stop, _list, clock);
        Assert.True(Poll(restarted, clock).Open);
    }

    [Fact]
    public void None_issues_through_the_leap_second()
    {
        var clock = new ManualClock(Leap.AddSeconds(-30));
        var gate = Gate(LeapSecondPolicy.None, _list, clock);
        Poll(gate, clock);
        for (var at = Leap.AddSeconds(-3); at <= Leap.AddSeconds(3); at += TimeSpan.FromMilliseconds(250))
        {
            clock.Now = at;
            Assert.True(gate.Current.Open, $"{at:O}: {gate.Current.Reason}");
        }
    }

    [Fact]
    public void The_window_is_configurable()
    {
        var clock = new ManualClock(Leap.AddSeconds(-30));
        var gate = Gate(LeapSecondPolicy.Pause, _list, clock, TimeSpan.FromSeconds(15));
        Poll(gate, clock);
        clock.Now = Leap.AddSeconds(-16.5);
        Assert.True(gate.Current.Open);
        clock.Now = Leap.AddSeconds(-15.5);
        Assert.False(gate.Current.Open);
        clock.Now = Leap.AddSeconds(14.9);
        Assert.False(gate.Current.Open);
        clock.Now = Leap.AddSeconds(15.1);
        Assert.True(gate.Current.Open);
    }

    [Fact]
    public void A_leap_indicator_on_the_last_day_of_a_month_pauses_at_midnight_without_any_list()
    {
        var clock = new ManualClock(Leap.AddMinutes(-5));
        var gate = Gate(LeapSecondPolicy.Pause, list: null, clock);
        Assert.True(Poll(gate, clock, leapIndicator: 1).Open);
        clock.Now = Leap.AddMilliseconds(-200);
        var state = gate.Current;
        Assert.False(state.Open);
        Assert.Contains("leap indicator of ntp-", state.Reason);
        clock.Now = Leap.AddSeconds(2);
        Assert.True(Poll(gate, clock).Open);
    }

    [Fact]
    public void A_leap_indicator_in_the_middle_of_a_month_is_not_taken_for_tonight()
    {
        var midMonth = new DateTimeOffset(2027, 6, 16, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(midMonth.AddMinutes(-5));
        var gate = Gate(LeapSecondPolicy.Pause, list: null, clock);
        Assert.True(Poll(gate, clock, leapIndicator: 1).Open);
        clock.Now = midMonth.AddMilliseconds(-200);
        Assert.True(gate.Current.Open, gate.Current.Reason);
    }

    [Fact]
    public void A_negative_leap_second_is_named_as_such()
    {
        var clock = new ManualClock(Leap.AddSeconds(-30));
        var guard = new LeapSecondGuard(LeapSecondPolicy.Pause, NegativeLeapList(), TimeSpan.FromSeconds(1));
        Assert.Contains("negative leap second (no 2027-06-30 23:59:59 UTC)", guard.Refusal(Leap.AddMilliseconds(-300)));
        Assert.Null(guard.Refusal(clock.Now));
    }

    [Fact]
    public void An_expired_list_is_a_warning_and_its_leap_seconds_still_apply()
    {
        var clock = new ManualClock(_list.Expires.AddDays(1));
        var gate = Gate(LeapSecondPolicy.Pause, _list, clock);
        var state = Poll(gate, clock);
        Assert.True(state.Open);
        Assert.Contains(state.Warnings, w => w.Contains("expired on 2028-01-01") && w.Contains("leap indicator"));
    }

    /// <summary>TAI − UTC going back from 11 to 10 at the leap, with its hash computed here.</summary>
    private static LeapSecondList NegativeLeapList()
    {
        var data = new[] { (new DateTimeOffset(1972, 1, 1, 0, 0, 0, TimeSpan.Zero), 10), (new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero), 11), (Leap, 10) };
        ulong updated = LeapSecondListFile.Ntp(Leap.AddMonths(-6)), expires = LeapSecondListFile.Ntp(Leap.AddMonths(6));
        string digits = $"{updated}{expires}" + string.Concat(data.Select(d => $"{LeapSecondListFile.Ntp(d.Item1)}{d.Item2}"));
        string hex = Convert.ToHexStringLower(SHA1.HashData(System.Text.Encoding.ASCII.GetBytes(digits)));
        var lines = new List<string> { $"#$ {updated}", $"#@ {expires}" };
        lines.AddRange(data.Select(d => $"{LeapSecondListFile.Ntp(d.Item1)} {d.Item2}"));
        lines.Add("#h " + string.Join(' ', Enumerable.Range(0, 5).Select(i => hex.Substring(i * 8, 8))));
        Assert.True(LeapSecondList.TryParse("negative.list", lines, out var list, out string? problem), problem);
        return list!;
    }

    /// <summary>A TSU whose certificate and key are valid on the leap day, signed by the test CA.</summary>
    private TimeStampingUnit LeapDayTsu()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = _tsus.Ca.IssueTsuCertificate(new PublicKey(key), "Leap TSU", Leap.AddDays(-1), TimeSpan.FromDays(30), TimeSpan.FromDays(10));
        return new TimeStampingUnit("leap", certificate, [], new SoftwareSigningKey(key, SignatureScheme.Ecdsa, "leap"), DigestAlgorithm.Sha256);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

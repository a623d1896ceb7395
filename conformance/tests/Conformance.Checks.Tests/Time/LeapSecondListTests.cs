using Conformance.Checks.Time;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Checks.Tests.Time;

public sealed class LeapSecondListTests
{
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static long Ntp(DateTimeOffset instant) => (long)(instant - NtpEpoch).TotalSeconds;

    private static string ListText(DateTimeOffset expires, params (DateTimeOffset At, int Offset)[] entries) =>
        "# test list\n#$\t3676924800\n#@\t" + Ntp(expires) + "\n" +
        string.Join("\n", entries.Select(e => $"{Ntp(e.At)}\t{e.Offset}\t# entry")) + "\n";

    [Fact]
    public void Reads_entries_expiry_and_leap_instants_of_the_system_list_format()
    {
        var list = LeapSecondList.Parse("""
            #	comment
            #$	3676924800
            #@	3991593600
            2272060800	10	# 1 Jan 1972
            2287785600	11	# 1 Jul 1972
            3692217600	37	# 1 Jan 2017
            #h	49db2447 571e5e1b 2f002a53 9c8da8e4 39b8e49e
            """, "leap.list");

        Assert.Equal(3, list.Entries.Count);
        Assert.Equal(new DateTimeOffset(2026, 6, 28, 0, 0, 0, TimeSpan.Zero), list.Expires);
        Assert.Equal([new DateTimeOffset(1972, 7, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero)], list.LeapInstants);
    }

    [Fact]
    public void A_damaged_line_is_named_with_file_and_line()
    {
        var e = Assert.Throws<FormatException>(() => LeapSecondList.Parse("#@\t3991593600\n2272060800\t10\nnot a line\n", "broken.list"));
        Assert.StartsWith("broken.list:3:", e.Message);
    }

    [Fact]
    public void A_window_spanning_a_listed_leap_second_is_detected_and_sampled_through()
    {
        using var temp = new TempDirectory();
        DateTimeOffset start = new(2030, 12, 31, 12, 0, 0, TimeSpan.Zero), leap = new(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);
        File.WriteAllText(temp.Combine("leap.list"), ListText(leap.AddYears(1), (leap.AddYears(-14), 37), (leap, 38)));

        LeapSecondWindow window = LeapSecondWindow.Decide(temp.Combine("leap.list"), start, start.AddDays(1));

        Assert.Equal(leap, window.LeapInstant);
        Assert.Null(window.Reason);
        var burst = window.BurstInstants().ToList();
        Assert.Equal(leap - LeapSecondWindow.Margin, burst[0]);
        Assert.Equal(leap + LeapSecondWindow.Margin, burst[^1]);
        Assert.Contains(leap, burst);
    }

    [Fact]
    public void A_window_without_a_leap_second_names_the_next_one_or_says_none_is_scheduled()
    {
        using var temp = new TempDirectory();
        DateTimeOffset start = new(2030, 3, 1, 0, 0, 0, TimeSpan.Zero), leap = new(2030, 7, 1, 0, 0, 0, TimeSpan.Zero);
        File.WriteAllText(temp.Combine("next.list"), ListText(leap.AddYears(1), (leap.AddYears(-13), 37), (leap, 38)));
        File.WriteAllText(temp.Combine("none.list"), ListText(start.AddYears(1), (start.AddYears(-13), 37)));

        LeapSecondWindow next = LeapSecondWindow.Decide(temp.Combine("next.list"), start, start.AddHours(24));
        LeapSecondWindow none = LeapSecondWindow.Decide(temp.Combine("none.list"), start, start.AddHours(24));

        Assert.Null(next.LeapInstant);
        Assert.Contains("the next one ends at 2030-07-01 00:00:00Z", next.Reason);
        Assert.Null(none.LeapInstant);
        Assert.Contains("none is scheduled before the list", none.Reason);
        Assert.Contains("2031-03-01", none.Reason);
    }

    [Fact]
    public void An_expired_or_missing_list_is_said_to_be_so()
    {
        using var temp = new TempDirectory();
        DateTimeOffset start = new(2030, 3, 1, 0, 0, 0, TimeSpan.Zero);
        File.WriteAllText(temp.Combine("old.list"), ListText(start.AddDays(-10), (start.AddYears(-13), 37)));

        LeapSecondWindow expired = LeapSecondWindow.Decide(temp.Combine("old.list"), start, start.AddMinutes(5));
        LeapSecondWindow missing = LeapSecondWindow.Decide(temp.Combine("absent.list"), start, start.AddMinutes(5));

        Assert.Contains("expired on 2030-02-19", expired.Reason);
        Assert.Contains("cannot be read", missing.Reason);
    }
}

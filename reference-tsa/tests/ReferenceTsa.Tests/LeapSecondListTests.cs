using ReferenceTsa.Clock;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>Reading and verifying the IERS leap-second list (its "#h" SHA-1, "#@" expiry and data lines).</summary>
public sealed class LeapSecondListTests : IDisposable
{
    private static readonly DateTimeOffset Updated = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = new(2027, 6, 28, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Leap = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("leap-list-").FullName;

    [Fact]
    public void The_tzdata_list_verifies_and_ends_with_the_2017_leap_second()
    {
        const string system = "/usr/share/zoneinfo/leap-seconds.list";
        Assert.True(File.Exists(system), "tzdata is not installed (apt-get install tzdata): its leap-seconds.list is the reference input");
        Assert.True(LeapSecondList.TryLoad(system, out var list, out string? problem), problem);
        var last = list!.LeapSeconds().Last();
        Assert.Equal(new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero), last.Instant);
        Assert.Equal(1, last.Change);
        Assert.Equal(37, list.Entries[^1].TaiMinusUtc);
        Assert.Equal(27, list.LeapSeconds().Count());
        Assert.True(list.Expires > list.Updated);
    }

    [Fact]
    public void A_crafted_list_schedules_its_leap_second_and_expires_when_it_says()
    {
        string path = LeapSecondListFile.Write(_directory, Updated, Expires, new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero), Leap);
        Assert.True(LeapSecondList.TryLoad(path, out var list, out string? problem), problem);
        Assert.Equal(Leap, list!.LeapSeconds().Last().Instant);
        Assert.Equal(Expires, list.Expires);
        Assert.False(list.IsExpiredAt(Expires.AddSeconds(-1)));
        Assert.True(list.IsExpiredAt(Expires));
    }

    [Fact]
    public void A_changed_data_line_breaks_the_hash_and_the_message_names_the_hash_line()
    {
        var lines = LeapSecondListFile.Lines(Updated, Expires, Leap);
        int data = lines.FindIndex(l => l.StartsWith(LeapSecondListFile.Ntp(Leap).ToString(), StringComparison.Ordinal));
        lines[data] = lines[data].Replace("\t11\t", "\t12\t", StringComparison.Ordinal);
        Assert.False(LeapSecondList.TryParse("crafted.list", lines, out _, out string? problem));
        int hashLine = lines.FindIndex(l => l.StartsWith("#h", StringComparison.Ordinal)) + 1;
        Assert.Contains($"crafted.list:{hashLine}: SHA-1", problem);
        Assert.Contains("corrupt", problem);
    }

    [Fact]
    public void A_moved_expiry_breaks_the_hash()
    {
        var lines = LeapSecondListFile.Lines(Updated, Expires, Leap);
        int expiry = lines.FindIndex(l => l.StartsWith("#@", StringComparison.Ordinal));
        lines[expiry] = $"#@\t{LeapSecondListFile.Ntp(Expires.AddYears(5))}";
        Assert.False(LeapSecondList.TryParse("crafted.list", lines, out _, out string? problem));
        Assert.Contains("SHA-1", problem);
    }

    [Theory]
    [InlineData("#@", "no expiry line")]
    [InlineData("#h", "no hash line")]
    [InlineData("#$", "no last-update line")]
    public void A_list_without_a_required_line_is_refused(string missing, string message)
    {
        var lines = LeapSecondListFile.Lines(Updated, Expires, Leap).Where(l => !l.StartsWith(missing, StringComparison.Ordinal)).ToList();
        Assert.False(LeapSecondList.TryParse("crafted.list", lines, out _, out string? problem));
        Assert.Contains(message, problem);
    }

    [Fact]
    public void A_malformed_data_line_is_named_by_its_line_number()
    {
        var lines = LeapSecondListFile.Lines(Updated, Expires, Leap);
        lines.Insert(6, "3692217600 thirty-seven");
        Assert.False(LeapSecondList.TryParse("crafted.list", lines, out _, out string? problem));
        Assert.StartsWith("crafted.list:7:", problem);
    }

    [Fact]
    public void Hash_words_with_dropped_leading_zeros_still_verify()
    {
        // Older IERS lists print each 32-bit word without its leading zeros; find a list whose hash has one.
        for (int day = 0; day < 400; day++)
        {
            var lines = LeapSecondListFile.Lines(Updated.AddDays(day), Expires, Leap);
            int h = lines.FindIndex(l => l.StartsWith("#h", StringComparison.Ordinal));
            string[] words = lines[h][2..].Trim().Split(' ');
            if (words.Any(w => w.StartsWith('0')))
            {
                lines[h] = "#h\t" + string.Join(' ', words.Select(w => w.TrimStart('0') is { Length: > 0 } t ? t : "0"));
                Assert.True(LeapSecondList.TryParse("crafted.list", lines, out _, out string? problem), problem);
                return;
            }
        }

        Assert.Fail("no hash with a leading zero word in 400 tries");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReferenceTsa.Tests.Support;

/// <summary>
/// Writes a leap-seconds.list in the IERS format for tests: data lines for the given dates, "#$", "#@" and a "#h"
/// SHA-1 over the digits as the IERS README describes, so a leap second can be scheduled at any chosen midnight.
/// </summary>
public static class LeapSecondListFile
{
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ulong Ntp(DateTimeOffset instant) => (ulong)(instant - NtpEpoch).TotalSeconds;

    /// <summary>The list's lines: 1972-01-01 TAI−UTC 10, then one more second at each of <paramref name="leaps"/>.</summary>
    public static List<string> Lines(DateTimeOffset updated, DateTimeOffset expires, params DateTimeOffset[] leaps)
    {
        var data = new List<(ulong, int)> { (Ntp(new DateTimeOffset(1972, 1, 1, 0, 0, 0, TimeSpan.Zero)), 10) };
        int tai = 10;
        foreach (var leap in leaps)
        {
            data.Add((Ntp(leap), ++tai));
        }

        string digits = Ntp(updated).ToString(CultureInfo.InvariantCulture) + Ntp(expires).ToString(CultureInfo.InvariantCulture)
                        + string.Concat(data.Select(d => d.Item1.ToString(CultureInfo.InvariantCulture) + d.Item2.ToString(CultureInfo.InvariantCulture)));
        string hex = Convert.ToHexStringLower(SHA1.HashData(Encoding.ASCII.GetBytes(digits)));
        var lines = new List<string>
        {
            "#\tTest leap-second list written by LeapSecondListFile",
            $"#$\t{Ntp(updated)}",
            "#",
            $"#@\t{Ntp(expires)}",
            "#",
        };
        lines.AddRange(data.Select(d => $"{d.Item1}\t{d.Item2}\t# {NtpEpoch.AddSeconds(d.Item1):d MMM yyyy}"));
        lines.Add("#");
        lines.Add("#h\t" + string.Join(' ', Enumerable.Range(0, 5).Select(i => hex.Substring(i * 8, 8))));
        return lines;
    }

    public static string Write(string directory, DateTimeOffset updated, DateTimeOffset expires, params DateTimeOffset[] leaps)
    {
        string path = Path.Combine(directory, "leap-seconds.list");
        File.WriteAllLines(path, Lines(updated, expires, leaps));
        return path;
    }
}

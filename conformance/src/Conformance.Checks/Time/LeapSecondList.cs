using System.Globalization;

namespace Conformance.Checks.Time;

/// <summary>
/// The IERS leap-second list in the NIST/IETF format shipped by tzdata (/usr/share/zoneinfo/leap-seconds.list): data
/// lines "NTP-seconds TAI-UTC # date", "#$" last update and "#@" expiry, all in NTP seconds since 1900-01-01. An entry
/// takes effect at its instant; the leap second itself is the last second before it (23:59:60 of the previous day).
/// </summary>
public sealed record LeapSecondList
{
    public const string SystemPath = "/usr/share/zoneinfo/leap-seconds.list";
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public required string Path { get; init; }
    public required IReadOnlyList<(DateTimeOffset Effective, int TaiMinusUtc)> Entries { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public DateTimeOffset? Updated { get; init; }

    /// <summary>Instants at which TAI - UTC changes (a leap second ends just before each), in order.</summary>
    public IEnumerable<DateTimeOffset> LeapInstants =>
        Entries.Zip(Entries.Skip(1)).Where(p => p.Second.TaiMinusUtc != p.First.TaiMinusUtc).Select(p => p.Second.Effective);

    /// <summary>Reads a list; every problem names the file and line.</summary>
    public static LeapSecondList Parse(string text, string path)
    {
        var entries = new List<(DateTimeOffset, int)>();
        DateTimeOffset? expires = null, updated = null;
        int number = 0;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("#@", StringComparison.Ordinal))
            {
                expires = Instant(line[2..], path, number, "expiry (#@)");
            }
            else if (line.StartsWith("#$", StringComparison.Ordinal))
            {
                updated = Instant(line[2..], path, number, "last update (#$)");
            }
            else if (!line.StartsWith('#') && line.Trim().Length > 0)
            {
                string data = line.Split('#', 2)[0];
                string[] fields = data.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != 2 || !int.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int offset))
                {
                    throw new FormatException($"{path}:{number}: expected 'NTP-seconds TAI-UTC', found '{line.Trim()}'");
                }

                var effective = Instant(fields[0], path, number, "entry");
                if (entries.Count > 0 && effective <= entries[^1].Item1)
                {
                    throw new FormatException($"{path}:{number}: entries are not in increasing time order");
                }

                entries.Add((effective, offset));
            }
        }

        if (entries.Count == 0)
        {
            throw new FormatException($"{path}: no leap-second entries found (is this an IERS leap-seconds.list?)");
        }

        return new LeapSecondList { Path = path, Entries = entries, Expires = expires, Updated = updated };
    }

    public static LeapSecondList Load(string path) => Parse(File.ReadAllText(path), path);

    private static DateTimeOffset Instant(string text, string path, int line, string what) =>
        ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seconds) && seconds < 1UL << 33
            ? NtpEpoch.AddSeconds(seconds)
            : throw new FormatException($"{path}:{line}: the {what} is not a count of NTP seconds: '{text.Trim()}'");
}

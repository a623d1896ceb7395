using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReferenceTsa.Clock;

/// <summary>One line of the IERS list: from <see cref="EffectiveFrom"/> on, TAI − UTC is <see cref="TaiMinusUtc"/> seconds.</summary>
public sealed record LeapSecondEntry(DateTimeOffset EffectiveFrom, int TaiMinusUtc, int Line);

/// <summary>
/// The IERS leap-second list (leap-seconds.list, shipped by tzdata as /usr/share/zoneinfo/leap-seconds.list): data
/// lines "NTP-seconds TAI−UTC", the last-update line "#$", the expiry line "#@" and the SHA-1 line "#h", all times in
/// NTP seconds since 1900-01-01. The hash covers the digits of the "#$" and "#@" values and of every data line with
/// whitespace and comments removed (the IERS README in the list's source folder describes it); a list whose hash does
/// not match is refused, because a leap second it misses is a second of wrong genTime.
/// </summary>
public sealed class LeapSecondList
{
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private LeapSecondList(string path, IReadOnlyList<LeapSecondEntry> entries, DateTimeOffset updated, DateTimeOffset expires)
    {
        Path = path;
        Entries = entries;
        Updated = updated;
        Expires = expires;
    }

    public string Path { get; }

    public IReadOnlyList<LeapSecondEntry> Entries { get; }

    /// <summary>When IERS last updated the list ("#$").</summary>
    public DateTimeOffset Updated { get; }

    /// <summary>After this instant ("#@") the list says nothing about leap seconds to come.</summary>
    public DateTimeOffset Expires { get; }

    public bool IsExpiredAt(DateTimeOffset now) => now >= Expires;

    /// <summary>
    /// The instants at which a leap second ends: the start of each day whose TAI − UTC differs from the day before
    /// (+1: 23:59:60 was inserted just before; −1: 23:59:59 was left out).
    /// </summary>
    public IEnumerable<(DateTimeOffset Instant, int Change)> LeapSeconds()
    {
        for (int i = 1; i < Entries.Count; i++)
        {
            int change = Entries[i].TaiMinusUtc - Entries[i - 1].TaiMinusUtc;
            if (change != 0)
            {
                yield return (Entries[i].EffectiveFrom, change);
            }
        }
    }

    public static DateTimeOffset FromNtpSeconds(ulong seconds) => NtpEpoch.AddSeconds(seconds);

    /// <summary>Reads and verifies the list; false with a message naming the file and line when it cannot be trusted.</summary>
    public static bool TryLoad(string path, out LeapSecondList? list, out string? problem)
    {
        list = null;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{path}: cannot be read ({e.Message})";
            return false;
        }

        return TryParse(path, lines, out list, out problem);
    }

    public static bool TryParse(string path, IReadOnlyList<string> lines, out LeapSecondList? list, out string? problem)
    {
        list = null;
        problem = null;
        var hashed = new StringBuilder();
        var entries = new List<LeapSecondEntry>();
        ulong? updated = null;
        ulong? expires = null;
        string? declaredHash = null;
        int hashLine = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            int number = i + 1;
            if (line.StartsWith("#$", StringComparison.Ordinal) || line.StartsWith("#@", StringComparison.Ordinal))
            {
                string value = line[2..].Trim();
                if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seconds))
                {
                    problem = $"{path}:{number}: '{line[..2]}' line holds '{value}', not NTP seconds";
                    return false;
                }

                hashed.Append(value);
                if (line[1] == '$')
                {
                    updated = seconds;
                }
                else
                {
                    expires = seconds;
                }
            }
            else if (line.StartsWith("#h", StringComparison.Ordinal))
            {
                declaredHash = line[2..].Trim();
                hashLine = number;
            }
            else if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            else
            {
                string data = line.Split('#', 2)[0];
                string[] fields = data.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != 2
                    || !ulong.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong at)
                    || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int taiMinusUtc))
                {
                    problem = $"{path}:{number}: '{line.Trim()}' is not a data line \"NTP-seconds TAI-UTC\"";
                    return false;
                }

                if (entries.Count > 0 && FromNtpSeconds(at) <= entries[^1].EffectiveFrom)
                {
                    problem = $"{path}:{number}: entries are not in increasing time order";
                    return false;
                }

                hashed.Append(fields[0]).Append(fields[1]);
                entries.Add(new LeapSecondEntry(FromNtpSeconds(at), taiMinusUtc, number));
            }
        }

        if (expires is null)
        {
            problem = $"{path}: no expiry line ('#@'); the list cannot say until when it is complete";
            return false;
        }

        if (updated is null)
        {
            problem = $"{path}: no last-update line ('#$')";
            return false;
        }

        if (declaredHash is null)
        {
            problem = $"{path}: no hash line ('#h'); its integrity cannot be verified";
            return false;
        }

        if (entries.Count == 0)
        {
            problem = $"{path}: no data lines";
            return false;
        }

        byte[] actual = SHA1.HashData(Encoding.ASCII.GetBytes(hashed.ToString()));
        if (!HashMatches(declaredHash, actual))
        {
            problem = $"{path}:{hashLine}: SHA-1 of the data is {FormatHash(actual)}, the file declares '{declaredHash}': "
                      + "the list is corrupt or was edited";
            return false;
        }

        list = new LeapSecondList(path, entries, FromNtpSeconds(updated.Value), FromNtpSeconds(expires.Value));
        return true;
    }

    /// <summary>Five 32-bit words in hex; some published lists drop the leading zeros of a word, so words compare as numbers.</summary>
    private static bool HashMatches(string declared, byte[] actual)
    {
        string[] words = declared.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 5)
        {
            return false;
        }

        for (int i = 0; i < 5; i++)
        {
            if (!uint.TryParse(words[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint word)
                || word != System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(actual.AsSpan(i * 4)))
            {
                return false;
            }
        }

        return true;
    }

    public static string FormatHash(byte[] sha1) =>
        string.Join(' ', Enumerable.Range(0, 5).Select(i => Convert.ToHexStringLower(sha1, i * 4, 4)));
}

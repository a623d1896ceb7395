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
        var reader = new ListReader(path);
        for (int i = 0; i < lines.Count; i++)
        {
            problem = reader.Read(lines[i], i + 1);
            if (problem is not null)
            {
                return false;
            }
        }

        problem = reader.Complete(out list);
        return problem is null;
    }

    /// <summary>
    /// Reads the list line by line: '#$' last update and '#@' expiry (NTP seconds), '#h' the declared SHA-1, other
    /// '#' lines comments, and data lines "NTP-seconds TAI-UTC" in increasing time order. The hash covers the
    /// update, expiry and data fields in file order. Each problem names the file and line.
    /// </summary>
    private sealed class ListReader(string path)
    {
        private readonly StringBuilder _hashed = new();
        private readonly List<LeapSecondEntry> _entries = [];
        private ulong? _updated;
        private ulong? _expires;
        private string? _declaredHash;
        private int _hashLine;

        /// <summary>Takes one line (1-based <paramref name="number"/>); returns the problem, or null.</summary>
        public string? Read(string line, int number)
        {
            if (line.StartsWith("#$", StringComparison.Ordinal) || line.StartsWith("#@", StringComparison.Ordinal))
            {
                return ReadTimeLine(line, number);
            }

            if (line.StartsWith("#h", StringComparison.Ordinal))
            {
                _declaredHash = line[2..].Trim();
                _hashLine = number;
                return null;
            }

            return line.StartsWith('#') || string.IsNullOrWhiteSpace(line) ? null : ReadDataLine(line, number);
        }

        private string? ReadTimeLine(string line, int number)
        {
            string value = line[2..].Trim();
            if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seconds))
            {
                return $"{path}:{number}: '{line[..2]}' line holds '{value}', not NTP seconds";
            }

            _hashed.Append(value);
            if (line[1] == '$')
            {
                _updated = seconds;
            }
            else
            {
                _expires = seconds;
            }

            return null;
        }

        private string? ReadDataLine(string line, int number)
        {
            string data = line.Split('#', 2)[0];
            string[] fields = data.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2
                || !ulong.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong at)
                || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int taiMinusUtc))
            {
                return $"{path}:{number}: '{line.Trim()}' is not a data line \"NTP-seconds TAI-UTC\"";
            }

            if (_entries.Count > 0 && FromNtpSeconds(at) <= _entries[^1].EffectiveFrom)
            {
                return $"{path}:{number}: entries are not in increasing time order";
            }

            _hashed.Append(fields[0]).Append(fields[1]);
            _entries.Add(new LeapSecondEntry(FromNtpSeconds(at), taiMinusUtc, number));
            return null;
        }

        /// <summary>After the last line: every part present and the hash verified; the list, or the problem.</summary>
        public string? Complete(out LeapSecondList? list)
        {
            list = null;
            if (_expires is null)
            {
                return $"{path}: no expiry line ('#@'); the list cannot say until when it is complete";
            }

            if (_updated is null)
            {
                return $"{path}: no last-update line ('#$')";
            }

            if (_declaredHash is null)
            {
                return $"{path}: no hash line ('#h'); its integrity cannot be verified";
            }

            if (_entries.Count == 0)
            {
                return $"{path}: no data lines";
            }

            byte[] actual = SHA1.HashData(Encoding.ASCII.GetBytes(_hashed.ToString()));
            if (!HashMatches(_declaredHash, actual))
            {
                return $"{path}:{_hashLine}: SHA-1 of the data is {FormatHash(actual)}, the file declares '{_declaredHash}': "
                       + "the list is corrupt or was edited";
            }

            list = new LeapSecondList(path, _entries, FromNtpSeconds(_updated.Value), FromNtpSeconds(_expires.Value));
            return null;
        }
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

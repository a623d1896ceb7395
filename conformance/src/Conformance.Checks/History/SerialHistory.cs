using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.History;

/// <summary>
/// TSP-TST-004 across runs (RFC 3161 §2.4.2: serialNumber unique for each token of a TSA, also after a restart): a
/// local, append-only history of the serial numbers each TSU issued, one JSON-lines file per TSU in a folder
/// (--history DIR; by default $XDG_DATA_HOME/tsa-conformance/history, else ~/.local/share/tsa-conformance/history).
/// Records are never rewritten; each file is held exclusively while a run reads and extends it.
/// </summary>
public sealed class SerialHistory(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Directory { get; } = Path.GetFullPath(directory);

    public static string DefaultDirectory
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            string root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(root, "tsa-conformance", "history");
        }
    }

    /// <summary>The TSU a token names in its SignerInfo sid: "issuer DN, serial N" or "subjectKeyIdentifier HEX".</summary>
    public static string? TsuOf(TimeStampToken token) =>
        token.Signer is not { } signer ? null
        : signer.SidIssuer is { } issuer && signer.SidSerial is { } serial
            ? $"{new X500DistinguishedName(issuer.Span).Name}, serial {Convert.ToHexString(serial.Span)}"
            : signer.SidSubjectKeyIdentifier is { } ski ? "subjectKeyIdentifier " + Convert.ToHexString(ski.Span) : null;

    /// <summary>The file holding one TSU's serials: a digest of its identity, so any name is a safe file name.</summary>
    public string FileFor(string tsu) =>
        Path.Combine(Directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tsu)))[..24] + ".jsonl");

    /// <summary>
    /// Compares the new records with every earlier one of the same TSU, then appends them. Returns the repeats, each
    /// pairing the earlier record with the new one. Throws <see cref="InvalidDataException"/> naming the file and line
    /// when the history is damaged, and <see cref="IOException"/> when it cannot be written.
    /// </summary>
    public IReadOnlyList<(SerialHistoryRecord Earlier, SerialHistoryRecord Now)> CheckAndAppend(IReadOnlyList<SerialHistoryRecord> records)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var repeats = new List<(SerialHistoryRecord, SerialHistoryRecord)>();
        foreach (var group in records.GroupBy(r => r.Tsu))
        {
            string file = FileFor(group.Key);
            // The file itself is the lock: held exclusively while it is read and appended to.
            using FileStream stream = OpenExclusive(file);
            Dictionary<string, SerialHistoryRecord> earlier = Parse(new StreamReader(stream, Encoding.UTF8, leaveOpen: true), file)
                .Where(r => r.Tsu == group.Key)
                .GroupBy(r => r.Serial).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var text = new StringBuilder();
            foreach (SerialHistoryRecord record in group)
            {
                if (earlier.TryGetValue(record.Serial, out SerialHistoryRecord? before))
                {
                    repeats.Add((before, record));
                }
                else
                {
                    earlier[record.Serial] = record;
                }

                text.Append(JsonSerializer.Serialize(record, Json)).Append('\n');
            }

            stream.Seek(0, SeekOrigin.End);
            stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }

        return repeats;
    }

    /// <summary>Every record of one history file (for inspection; <see cref="CheckAndAppend"/> reads under its lock).</summary>
    public IReadOnlyList<SerialHistoryRecord> Read(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), Encoding.UTF8);
        return Parse(reader, file);
    }

    private static List<SerialHistoryRecord> Parse(TextReader reader, string file)
    {
        var records = new List<SerialHistoryRecord>();
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize<SerialHistoryRecord>(line, Json)
                    ?? throw new JsonException("null record"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{file}:{number.ToString(CultureInfo.InvariantCulture)}: not a serial-history record ({e.Message}); move the file away or repair the line", e);
            }
        }

        return records;
    }

    private static FileStream OpenExclusive(string path)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }
}

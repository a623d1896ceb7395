using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// One exported checkpoint: the checkpoint record's sequence number, recording time and chain hash (which covers
/// every earlier record), its payload (the head it time-stamped and the TSA's TimeStampResp), and the SHA-256 of
/// the previous line of the export, so lines removed from the middle of a shipped copy show too.
/// </summary>
public sealed record ExportedCheckpoint(int Line, long Sequence, string RecordedUtc, byte[] Hash, long UpToSequence, string PreviousLineSha256);

/// <summary>
/// Sends every checkpoint record, once durable, out of the evidence log: appended as one JSON line to a file the
/// operator ships off the TSA host (or makes append-only with <c>chattr +a</c>), and/or written to standard output
/// for a log collector. Whoever can rewrite the log on the host cannot recall a line already shipped, and a line
/// holds the chain hash of its record, so the log cannot be cut back or re-chained behind it unnoticed.
/// </summary>
public sealed class CheckpointExporter(string? file, bool stdout, string logLocation, ILogger? logger = null)
{
    private readonly Lock _gate = new();
    private string? _previousLineSha256;

    /// <summary>The observer for <see cref="IEvidenceLog.Committed"/>: exports checkpoint records, ignores the rest.</summary>
    public void OnCommitted(EvidenceRecord record)
    {
        if (record.Kind != EvidencePayloads.CheckpointKind)
        {
            return;
        }

        lock (_gate)
        {
            _previousLineSha256 ??= file is not null && File.Exists(file) ? LastLineSha256(file) : "";
            var line = new JsonObject
            {
                ["log"] = logLocation,
                ["sequence"] = record.Sequence,
                ["recordedUtc"] = record.RecordedUtc,
                ["hash"] = Convert.ToHexString(record.Hash),
                ["checkpoint"] = JsonNode.Parse(record.Payload),
                ["previousLineSha256"] = _previousLineSha256,
            }.ToJsonString();
            if (file is not null)
            {
                try
                {
                    using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read);
                    stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
                    stream.Flush(flushToDisk: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger?.LogError("Checkpoint of record {Sequence} could not be exported to {File}: {Reason}", record.Sequence, file, e.Message);
                }
            }

            if (stdout)
            {
                Console.Out.WriteLine(line);
                Console.Out.Flush();
            }

            _previousLineSha256 = LineSha256(line);
        }
    }

    private static string LineSha256(string line) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(line)));

    private static string LastLineSha256(string file) =>
        File.ReadLines(file).LastOrDefault(l => l.Length > 0) is { } last ? LineSha256(last) : "";

    /// <summary>
    /// Reads an export file: every line must parse and name the SHA-256 of the line before it. Returns the lines,
    /// or throws <see cref="FormatException"/> naming the first line that does not fit.
    /// </summary>
    public static IReadOnlyList<ExportedCheckpoint> Read(string file)
    {
        var lines = new List<ExportedCheckpoint>();
        string previous = "";
        int number = 0;
        foreach (string text in File.ReadLines(file))
        {
            number++;
            if (text.Length == 0)
            {
                continue;
            }

            ExportedCheckpoint line;
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                line = new ExportedCheckpoint(number, root.GetProperty("sequence").GetInt64(), root.GetProperty("recordedUtc").GetString()!,
                    Convert.FromHexString(root.GetProperty("hash").GetString()!), root.GetProperty("checkpoint").GetProperty("upToSequence").GetInt64(),
                    root.GetProperty("previousLineSha256").GetString()!);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or NullReferenceException)
            {
                throw new FormatException($"{file} line {number} is not an exported checkpoint: {e.Message}");
            }

            if (!string.Equals(line.PreviousLineSha256, previous, StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"{file} line {number} does not follow line {number - 1} (previousLineSha256 differs): lines were removed or changed");
            }

            lines.Add(line);
            previous = LineSha256(text);
        }

        return lines;
    }

    /// <summary>
    /// Null when the log holds every exported checkpoint record with the exported chain hash; otherwise what the
    /// first mismatch shows: records cut off the end (truncation, deletion of every row) or a log re-chained up to an
    /// exported checkpoint. <paramref name="records"/> is the number of records the log holds.
    /// </summary>
    public static string? Mismatch(IReadOnlyList<ExportedCheckpoint> exported, long records, Func<long, byte[]?> storedHash, string exportFile)
    {
        foreach (var line in exported)
        {
            if (line.Sequence > records)
            {
                return $"the log holds {records} record(s) but the checkpoint exported at {line.RecordedUtc} ({exportFile} line {line.Line}) "
                       + $"is record {line.Sequence}: records {records + 1} to at least {line.Sequence} were removed (the log was truncated or replaced)";
            }

            if (storedHash(line.Sequence) is not { } stored || !stored.AsSpan().SequenceEqual(line.Hash))
            {
                return $"record {line.Sequence} is not the checkpoint exported at {line.RecordedUtc} ({exportFile} line {line.Line}): its chain hash differs, "
                       + $"so a record up to {line.Sequence} was changed, removed or inserted and the chain recomputed";
            }
        }

        return null;
    }
}

using System.Globalization;
using System.Text.Json;
using Conformance.Checks.Operator;
using ReferenceTsa.Events;
using ReferenceTsa.EvidenceLog;

namespace Conformance.Targets.Reference.Operator;

/// <summary>
/// The reference TSA's event log as its operator reads it: the hash-chained evidence log (evidence.sqlite: start, stop,
/// clock-gate transitions, key and HSM events, tokens) and the key-ceremony journal (events.jsonl), each entry with the
/// time exactly as recorded, sorted into the event kinds of EN 319 421 OVR-7.12.
/// </summary>
internal static class ReferenceEventLog
{
    public static IReadOnlyList<TsaLogEntry> Read(string dataDirectory)
    {
        var entries = new List<TsaLogEntry>();
        string evidence = Path.Combine(dataDirectory, SqliteEvidenceLog.FileName);
        if (File.Exists(evidence))
        {
            // The TSA's own read-only view of its log (the one `audit verify` uses), not SQL against its tables.
            using var records = new SqliteEvidenceRecords(evidence);
            foreach (EvidenceRecord record in records.ReadAll())
            {
                entries.Add(new TsaLogEntry(Parse(record.RecordedUtc), record.RecordedUtc, Categorise(record.Kind, record.Payload),
                    $"evidence #{record.Sequence} {record.Kind}", record.Payload));
            }
        }

        string journal = Path.Combine(dataDirectory, JsonLinesEventLog.FileName);
        if (File.Exists(journal))
        {
            foreach (string line in File.ReadLines(journal).Where(l => l.Length > 0))
            {
                using JsonDocument entry = JsonDocument.Parse(line);
                string recorded = entry.RootElement.GetProperty("time").GetString() ?? "";
                string name = entry.RootElement.GetProperty("event").GetString() ?? "";
                entries.Add(new TsaLogEntry(Parse(recorded), recorded, JournalCategory(name), $"{JsonLinesEventLog.FileName} {name}", line));
            }
        }

        return [.. entries.OrderBy(e => e.Time)];
    }

    /// <summary>The key ceremony's journal: key.generated, key.certificate-imported, ... (see `ReferenceTsa keys`).</summary>
    private static TsaLogCategory JournalCategory(string name) =>
        name.Contains("certificate", StringComparison.Ordinal) || name.Contains("csr", StringComparison.Ordinal) ? TsaLogCategory.CertificateLifecycle
        : name.StartsWith("key.", StringComparison.Ordinal) ? TsaLogCategory.KeyLifecycle
        : TsaLogCategory.Other;

    private static TsaLogCategory Categorise(string kind, string payload)
    {
        switch (kind)
        {
            case "clock":
                using (JsonDocument clock = JsonDocument.Parse(payload))
                {
                    return clock.RootElement.TryGetProperty("open", out JsonElement open) && open.ValueKind == JsonValueKind.True
                        ? TsaLogCategory.ClockSynchronised
                        : TsaLogCategory.ClockSynchronisationLost;
                }

            case "key-event":
                return TsaLogCategory.KeyLifecycle;
            case "token":
                return TsaLogCategory.TokenIssued;
            default:
                return TsaLogCategory.Other;
        }
    }

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time)
            ? time
            : DateTimeOffset.MinValue;
}

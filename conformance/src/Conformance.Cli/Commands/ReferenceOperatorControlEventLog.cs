using System.Globalization;
using System.Text.Json;
using Conformance.Checks.Operator;
using Microsoft.Data.Sqlite;
using ReferenceTsa.Events;
using ReferenceTsa.EvidenceLog;

namespace Conformance.Cli.Commands;

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
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = evidence, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using SqliteCommand select = connection.CreateCommand();
            select.CommandText = "SELECT seq, recorded_utc, kind, payload FROM evidence ORDER BY seq";
            using SqliteDataReader reader = select.ExecuteReader();
            while (reader.Read())
            {
                string recorded = reader.GetString(1), kind = reader.GetString(2), payload = reader.GetString(3);
                entries.Add(new TsaLogEntry(Parse(recorded), recorded, Categorise(kind, payload), $"evidence #{reader.GetInt64(0)} {kind}", payload));
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

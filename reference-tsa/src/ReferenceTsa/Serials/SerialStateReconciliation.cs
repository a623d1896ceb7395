using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ReferenceTsa.EvidenceLog;

namespace ReferenceTsa.Serials;

/// <summary>
/// What a serial-number state store says before the TSA starts: where it is, the instance prefix of its serials
/// (null when it holds none yet), the first counter value not yet reserved, and how many blocks it has reserved.
/// </summary>
public sealed record SerialStateSnapshot(string Location, BigInteger? InstancePrefix, ulong NextUnreserved, long ReservedBlocks);

/// <summary>
/// What the evidence log says about serial numbers: whether it exists, how many records it holds, and the highest
/// counter value issued under each instance prefix (serial = prefix · 2^64 + counter).
/// </summary>
public sealed record EvidenceSerialSummary(string Location, bool Exists, long Records, IReadOnlyDictionary<BigInteger, ulong> HighestCounterByPrefix)
{
    public static EvidenceSerialSummary Missing(string location) => new(location, false, 0, new Dictionary<BigInteger, ulong>());

    /// <summary>Reads every token record's serial (the log's own hex form) and keeps the highest counter per prefix.</summary>
    public static EvidenceSerialSummary Read(string location, IEnumerable<EvidenceRecord> records)
    {
        var highest = new Dictionary<BigInteger, ulong>();
        long count = 0;
        foreach (var record in records)
        {
            count++;
            if (record.Kind != EvidencePayloads.TokenKind || TokenSerial(record.Payload) is not { } serial)
            {
                continue;
            }

            var prefix = serial >> 64;
            ulong counter = (ulong)(serial & ulong.MaxValue);
            if (!highest.TryGetValue(prefix, out ulong known) || counter > known)
            {
                highest[prefix] = counter;
            }
        }

        return new EvidenceSerialSummary(location, true, count, highest);
    }

    /// <summary>The serial of a token record, or null when the payload holds none that can be read.</summary>
    public static BigInteger? TokenSerial(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("serial", out var serial) && serial.ValueKind == JsonValueKind.String
                   && BigInteger.TryParse("0" + serial.GetString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Start-up check that the serial state is not behind the evidence log (RFC 3161 §2.4.2: a serial is never
/// repeated). A state store restored from a backup hands out counters the log already holds; a missing or emptied
/// log next to a state that has reserved serials means the record of what was issued is gone. Either way the TSA
/// must not start, and the message names both stores. Independent of the backends: the SQLite state and log feed it
/// as well as a shared PostgreSQL one.
/// </summary>
public static class SerialStateReconciliation
{
    /// <summary>Null when the TSA may start; otherwise why not, naming both stores.</summary>
    public static string? Problem(SerialStateSnapshot? state, EvidenceSerialSummary log)
    {
        if (state is null || state.InstancePrefix is not { } prefix || state.ReservedBlocks == 0)
        {
            return null; // nothing reserved yet: no serial can repeat
        }

        if (!log.Exists || log.Records == 0)
        {
            return $"the serial state {state.Location} has reserved {state.ReservedBlocks} block(s) of serial numbers, but the evidence log "
                   + $"{log.Location} is {(log.Exists ? "empty" : "missing")}: the record of the tokens already issued is gone. "
                   + "Restore the evidence log (and check it with `audit verify`); do not start a new chain next to old serial state";
        }

        if (log.HighestCounterByPrefix.TryGetValue(prefix, out ulong highest) && highest >= state.NextUnreserved)
        {
            return $"the serial state {state.Location} is behind the evidence log {log.Location}: the log holds serial "
                   + $"{((prefix << 64) | highest).ToString("X", CultureInfo.InvariantCulture)} (counter {highest}) but the state would next "
                   + $"reserve counter {state.NextUnreserved}, so serials would repeat. The state was probably restored from a backup; "
                   + "restore the newest state, or move the state aside so that a new instance prefix is drawn";
        }

        return null;
    }
}

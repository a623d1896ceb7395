using Microsoft.Data.Sqlite;
using ReferenceTsa.EvidenceLog;

namespace ReferenceTsa.Tests.Support;

/// <summary>Evidence-log payloads shaped as the TSA writes them, and raw access to a SQLite log as a tamperer has it.</summary>
public static class EvidenceSamples
{
    /// <summary>A token record payload with every member the schema requires; <paramref name="serial"/> is its serial.</summary>
    public static object Token(long serial) => new
    {
        serial = serial.ToString("X"),
        genTime = "2026-11-27T12:00:00Z",
        endpoint = "/tsa",
        policy = "1.3.6.1.4.1.4146.1.2",
        imprintAlgorithm = "2.16.840.1.101.3.4.2.1",
        imprint = new string('A', 64),
        tsu = "test",
        tsuCertificateSha256 = new string('B', 64),
        tokenSha256 = new string('C', 64),
        clock = new { open = true, monitored = false, reason = "test" },
    };

    public static object Start(string node = "test") => new { node, processId = 1 };

    /// <summary>Runs SQL on the log file with the append-only triggers dropped, as anyone who can write the file can.</summary>
    public static void Tamper(string logPath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={logPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER IF EXISTS evidence_no_update; DROP TRIGGER IF EXISTS evidence_no_delete; " + sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Appends a record whose chain hash is correctly recomputed from the stored head: a forgery only a checkpoint can reveal.</summary>
    public static long ForgeAppend(string logPath, string kind, string payload, string recordedUtc = "2026-11-27T12:00:00.0000000Z")
    {
        using var connection = new SqliteConnection($"Data Source={logPath};Pooling=False");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT seq, hash FROM evidence ORDER BY seq DESC LIMIT 1";
        long seq = 0;
        byte[] previous = EvidenceChain.Genesis;
        using (var reader = read.ExecuteReader())
        {
            if (reader.Read())
            {
                seq = reader.GetInt64(0);
                previous = (byte[])reader[1];
            }
        }

        seq++;
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO evidence (seq, recorded_utc, kind, payload, prev_hash, hash) VALUES ($seq, $time, $kind, $payload, $prev, $hash)";
        insert.Parameters.AddWithValue("$seq", seq);
        insert.Parameters.AddWithValue("$time", recordedUtc);
        insert.Parameters.AddWithValue("$kind", kind);
        insert.Parameters.AddWithValue("$payload", payload);
        insert.Parameters.AddWithValue("$prev", previous);
        insert.Parameters.AddWithValue("$hash", EvidenceChain.Hash(previous, seq, recordedUtc, kind, payload));
        insert.ExecuteNonQuery();
        return seq;
    }

    /// <summary>
    /// Rewrites the whole log as a tamperer who can write the file would: <paramref name="edit"/> changes the list of
    /// (recorded, kind, payload) rows, then every sequence number and chain hash is recomputed, so the chain fits again.
    /// </summary>
    public static void Rechain(string logPath, Action<List<(string Recorded, string Kind, string Payload)>> edit)
    {
        var rows = new List<(string Recorded, string Kind, string Payload)>();
        using (var source = new SqliteEvidenceRecords(logPath))
        {
            rows.AddRange(source.ReadAll().Select(r => (r.RecordedUtc, r.Kind, r.Payload)));
        }

        edit(rows);
        SqliteConnection.ClearAllPools();
        Tamper(logPath, "DELETE FROM evidence");
        foreach (var (recorded, kind, payload) in rows)
        {
            ForgeAppend(logPath, kind, payload, recorded);
        }
    }
}

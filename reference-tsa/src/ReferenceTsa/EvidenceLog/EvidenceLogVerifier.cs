using Microsoft.Data.Sqlite;

namespace ReferenceTsa.EvidenceLog;

/// <summary>The outcome of checking the whole chain: how many records, and the first broken one with why.</summary>
public sealed record EvidenceVerification(long Records, long? FirstBrokenSequence, string? Problem)
{
    public bool Intact => FirstBrokenSequence is null;
}

/// <summary>`audit verify`: recomputes every hash of the evidence log and names the first record that does not fit.</summary>
public static class EvidenceLogVerifier
{
    public static EvidenceVerification Verify(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no evidence log at {path}", path);
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, recorded_utc, kind, payload, prev_hash, hash FROM evidence ORDER BY seq";
        using var reader = command.ExecuteReader();
        byte[] previous = EvidenceChain.Genesis;
        long expected = 1;
        long count = 0;
        while (reader.Read())
        {
            long seq = reader.GetInt64(0);
            count++;
            if (seq != expected)
            {
                return new EvidenceVerification(count, expected, $"record {expected} is missing (next record is {seq})");
            }

            byte[] prev = (byte[])reader[4];
            byte[] hash = (byte[])reader[5];
            if (!prev.AsSpan().SequenceEqual(previous))
            {
                return new EvidenceVerification(count, seq, $"record {seq} does not follow record {seq - 1} (previous-hash mismatch)");
            }

            byte[] recomputed = EvidenceChain.Hash(prev, seq, reader.GetString(1), reader.GetString(2), reader.GetString(3));
            if (!recomputed.AsSpan().SequenceEqual(hash))
            {
                return new EvidenceVerification(count, seq, $"record {seq} ({reader.GetString(2)}, {reader.GetString(1)}) was modified: its hash does not match its content");
            }

            previous = hash;
            expected++;
        }

        return new EvidenceVerification(count, null, null);
    }
}

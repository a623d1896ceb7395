namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// The outcome of checking the whole chain: how many records, the first broken one with why, and how many
/// checkpoints carried a time-stamp that verified (and how many had none because issuance was refused then).
/// </summary>
public sealed record EvidenceVerification(long Records, long? FirstBrokenSequence, string? Problem)
{
    public bool Intact => FirstBrokenSequence is null;

    public int VerifiedCheckpoints { get; init; }

    public int UnstampedCheckpoints { get; init; }
}

/// <summary>
/// `audit verify`: walks the evidence log in sequence order, recomputes every hash, checks that each record
/// follows the one before, and checks every checkpoint's time-stamp token; names the first record that fails.
/// </summary>
public static class EvidenceLogVerifier
{
    /// <summary>Verifies a SQLite evidence log file.</summary>
    public static EvidenceVerification Verify(string sqlitePath)
    {
        using var source = new SqliteEvidenceRecords(sqlitePath);
        return Verify(source);
    }

    public static EvidenceVerification Verify(IEvidenceRecordSource source)
    {
        var checkpoints = new EvidenceCheckpointVerifier(source);
        var serials = new Dictionary<System.Numerics.BigInteger, long>();
        byte[] previous = EvidenceChain.Genesis;
        long expected = 1;
        long count = 0;
        EvidenceVerification Broken(long sequence, string problem) => new(count, sequence, problem)
        {
            VerifiedCheckpoints = checkpoints.Verified,
            UnstampedCheckpoints = checkpoints.Unstamped,
        };

        foreach (var record in source.ReadAll())
        {
            long seq = record.Sequence;
            count++;
            if (seq != expected)
            {
                return Broken(expected, $"record {expected} is missing (next record is {seq})");
            }

            if (!record.PreviousHash.AsSpan().SequenceEqual(previous))
            {
                return Broken(seq, $"record {seq} does not follow record {seq - 1} (previous-hash mismatch)");
            }

            byte[] recomputed = EvidenceChain.Hash(record.PreviousHash, seq, record.RecordedUtc, record.Kind, record.Payload);
            if (!recomputed.AsSpan().SequenceEqual(record.Hash))
            {
                return Broken(seq, $"record {seq} ({record.Kind}, {record.RecordedUtc}) was modified: its hash does not match its content");
            }

            if (EvidenceRecordSchema.Problem(record.Kind, record.Payload) is { } malformed)
            {
                return Broken(seq, $"record {seq} ({EvidenceRecordSchema.Printable(record.Kind)}, {record.RecordedUtc}) is not a record the TSA writes: {malformed}");
            }

            if (record.Kind == EvidencePayloads.TokenKind && Serials.EvidenceSerialSummary.TokenSerial(record.Payload) is { } serial
                && !serials.TryAdd(serial, seq))
            {
                return Broken(seq, $"record {seq} (token, {record.RecordedUtc}) repeats serial number {serial:X} of record {serials[serial]}");
            }

            if (checkpoints.Check(record) is { } problem)
            {
                return Broken(seq, $"record {seq} (checkpoint, {record.RecordedUtc}): {problem}");
            }

            previous = record.Hash;
            expected++;
        }

        return new EvidenceVerification(count, null, null)
        {
            VerifiedCheckpoints = checkpoints.Verified,
            UnstampedCheckpoints = checkpoints.Unstamped,
        };
    }
}

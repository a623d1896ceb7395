using ReferenceTsa.EvidenceLog;

namespace Conformance.Targets.Reference.Deployment;

/// <summary>One record of the reference TSA's hash-chained evidence log, as its operator reads it.</summary>
/// <param name="Sequence">Position in the chain.</param>
/// <param name="RecordedUtc">The time exactly as recorded.</param>
/// <param name="Kind">start, stop, clock, key-event, token, checkpoint, ...</param>
/// <param name="Payload">The record's JSON.</param>
public sealed record ReferenceEvidenceRecord(long Sequence, string RecordedUtc, string Kind, string Payload);

/// <summary>
/// The evidence log of a deployed reference TSA, read through the TSA's own read-only view (the one `audit verify`
/// uses) rather than SQL against its tables: the multi-node tests check serials and start records in the shared chain.
/// </summary>
public static class ReferenceEvidenceLog
{
    /// <summary>Every record of the PostgreSQL evidence log at <paramref name="connectionString"/>, in sequence order, from one snapshot.</summary>
    public static IReadOnlyList<ReferenceEvidenceRecord> ReadPostgres(string connectionString)
    {
        using var records = new PostgresEvidenceRecords(connectionString, "evidence log");
        return [.. records.ReadAll().Select(r => new ReferenceEvidenceRecord(r.Sequence, r.RecordedUtc, r.Kind, r.Payload))];
    }
}

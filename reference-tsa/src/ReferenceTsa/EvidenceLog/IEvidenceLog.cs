using ReferenceTsa.Events;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// The TSA's evidence log (EN 319 421 OVR-7.12, EN 319 401 REQ-7.10): append-only, hash-chained records, one per
/// issued token and per clock, key, configuration, start and stop event. An append completes only once its record
/// is durable; concurrent appends share one commit.
/// </summary>
public interface IEvidenceLog : ITsaEventLog, IDisposable, IAsyncDisposable
{
    /// <summary>Where the records go, for logs: a file path, or a database without its password.</summary>
    string Location { get; }

    /// <summary>The sequence number of the last record this process committed (0 before the first).</summary>
    long LastSequence { get; }

    /// <summary>Records handed to the log and not yet durable.</summary>
    long PendingRecords { get; }

    /// <summary>How long the records of the last commit waited from append to durable (the log's lag).</summary>
    TimeSpan LastCommitLag { get; }

    /// <summary>For async callers (the HTTP handler): completes with the record's sequence number once it is durable.</summary>
    Task<long> AppendAsync(string kind, object payload);

    /// <summary>For synchronous callers (start, stop, key events): returns once the record is durable.</summary>
    long Append(string kind, object payload);

    /// <summary>Called on the writer thread with each record once it is durable (e.g. to export checkpoints).</summary>
    Action<EvidenceRecord>? Committed { get; set; }

    /// <summary>The newest record's sequence number and hash across every writer (0 and the genesis hash when empty).</summary>
    Task<EvidenceHead> ReadHeadAsync(CancellationToken cancellationToken = default);
}

/// <summary>The end of the chain: what a checkpoint time-stamps.</summary>
public readonly record struct EvidenceHead(long Sequence, byte[] Hash);

/// <summary>One stored record, as `audit verify` reads it.</summary>
public sealed record EvidenceRecord(long Sequence, string RecordedUtc, string Kind, string Payload, byte[] PreviousHash, byte[] Hash);

/// <summary>A read-only view of a stored log, in sequence order, for `audit verify`.</summary>
public interface IEvidenceRecordSource : IDisposable
{
    string Location { get; }

    IEnumerable<EvidenceRecord> ReadAll();

    /// <summary>The stored hash of one record (for checkpoints, which name an earlier record).</summary>
    byte[]? StoredHash(long sequence);
}

/// <summary>The log could not make a record durable: the caller must not release what it was about to record.</summary>
public sealed class EvidenceLogUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

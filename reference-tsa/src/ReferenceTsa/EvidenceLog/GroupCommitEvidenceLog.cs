using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ReferenceTsa.Events;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// Group commit shared by the storage backends. One dedicated writer thread (not a thread-pool task: the database
/// calls block, honestly) takes every append queued since its last commit, links them onto the chain head inside
/// one write-locked transaction and commits them together; only then are the appenders released. Async appenders
/// get a task completed after the commit; synchronous appenders block on their own event, so neither waits on the
/// other nor on the thread pool.
/// </summary>
public abstract class GroupCommitEvidenceLog : IEvidenceLog
{
    /// <summary>At most this many records go into one transaction.</summary>
    public const int MaxBatch = 1024;

    private readonly BlockingCollection<PendingAppend> _queue = new(new ConcurrentQueue<PendingAppend>());
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _clock;
    private Thread? _writer;
    private long _lastSequence;
    private long _pending;
    private long _lastLagTicks;

    protected GroupCommitEvidenceLog(TimeProvider? clock) => _clock = clock ?? TimeProvider.System;

    public abstract string Location { get; }

    public long LastSequence => Interlocked.Read(ref _lastSequence);

    public long PendingRecords => Interlocked.Read(ref _pending);

    public TimeSpan LastCommitLag => TimeSpan.FromTicks(Interlocked.Read(ref _lastLagTicks));

    public Task<long> AppendAsync(string kind, object payload)
    {
        var pending = new PendingAppend(kind, JsonSerializer.Serialize(payload), synchronous: false);
        return Enqueue(pending) ? pending.Completion : Task.FromException<long>(Closed());
    }

    public long Append(string kind, object payload)
    {
        var pending = new PendingAppend(kind, JsonSerializer.Serialize(payload), synchronous: true);
        return Enqueue(pending) ? pending.WaitUntilDurable() : throw Closed();
    }

    /// <summary>Key and HSM events from the signing layer go into the same chain.</summary>
    void ITsaEventLog.Append(string eventName, KeyReference? key, IReadOnlyDictionary<string, string>? details) =>
        Append("key-event", new { @event = eventName, key, details });

    public abstract Task<EvidenceHead> ReadHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Called on the writer thread with each record once it is durable (before its appender is released).</summary>
    public Action<EvidenceRecord>? Committed { get; set; }

    /// <summary>Derived constructors call this once the storage is ready.</summary>
    protected void StartWriter()
    {
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = $"evidence-log writer ({GetType().Name})" };
        _writer.Start();
    }

    /// <summary>
    /// In one transaction holding the chain's write lock: read the stored head, <see cref="Link"/> the batch onto it,
    /// insert, commit durably. Returns the records as stored. Throws when nothing was committed (or it is unknown).
    /// </summary>
    protected abstract IReadOnlyList<EvidenceRecord> Commit(IReadOnlyList<PendingAppend> batch);

    /// <summary>Chains the batch onto <paramref name="head"/>: sequence numbers, recording times, hashes.</summary>
    protected IReadOnlyList<EvidenceRecord> Link(EvidenceHead head, IReadOnlyList<PendingAppend> batch)
    {
        var records = new EvidenceRecord[batch.Count];
        long sequence = head.Sequence;
        byte[] previous = head.Hash;
        for (int i = 0; i < batch.Count; i++)
        {
            sequence++;
            string recorded = _clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
            byte[] hash = EvidenceChain.Hash(previous, sequence, recorded, batch[i].Kind, batch[i].Payload);
            records[i] = new EvidenceRecord(sequence, recorded, batch[i].Kind, batch[i].Payload, previous, hash);
            previous = hash;
        }

        return records;
    }

    private bool Enqueue(PendingAppend pending)
    {
        Interlocked.Increment(ref _pending);
        try
        {
            if (_queue.TryAdd(pending))
            {
                return true;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // Adding was completed: the log is closing.
        }

        Interlocked.Decrement(ref _pending);
        return false;
    }

    /// <summary>The records are durable whatever the observer does: its failure never fails their appenders.</summary>
    private void NotifyCommitted(IReadOnlyList<EvidenceRecord> records)
    {
        if (Committed is not { } observer)
        {
            return;
        }

        foreach (var record in records)
        {
            try
            {
                observer(record);
            }
            catch (Exception e)
            {
                Trace.TraceError($"evidence log observer failed on record {record.Sequence}: {e.Message}");
            }
        }
    }

    private EvidenceLogUnavailableException Closed() => new($"the evidence log {Location} is closed");

    private void WriteLoop()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        try
        {
            foreach (var first in _queue.GetConsumingEnumerable())
            {
                batch.Clear();
                batch.Add(first);
                while (batch.Count < MaxBatch && _queue.TryTake(out var next))
                {
                    batch.Add(next);
                }

                IReadOnlyList<EvidenceRecord>? records = null;
                Exception? failure = null;
                try
                {
                    records = Commit(batch);
                    Interlocked.Exchange(ref _lastSequence, records[^1].Sequence);
                    Interlocked.Exchange(ref _lastLagTicks, Stopwatch.GetElapsedTime(batch[0].Enqueued).Ticks);
                }
                catch (Exception e)
                {
                    failure = new EvidenceLogUnavailableException($"the evidence log {Location} could not commit {batch.Count} record(s): {e.Message}", e);
                }

                if (records is not null)
                {
                    NotifyCommitted(records);
                }

                // Counted as no longer pending before anyone waiting for them goes on.
                Interlocked.Add(ref _pending, -batch.Count);
                for (int i = 0; i < batch.Count; i++)
                {
                    if (records is not null)
                    {
                        batch[i].Succeed(records[i].Sequence);
                    }
                    else
                    {
                        batch[i].Fail(failure!);
                    }
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Commits what is queued, stops the writer, then releases the storage (waits for the writer thread).</summary>
    public void Dispose()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
            _writer?.Join();
            DisposeStorage();
            _queue.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>As <see cref="Dispose"/>, awaiting the writer's last commit instead of blocking on it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
            if (_writer is not null)
            {
                await _stopped.Task.ConfigureAwait(false);
            }

            DisposeStorage();
            _queue.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract void DisposeStorage();

    /// <summary>One record waiting for the writer, with whoever waits for it to be durable.</summary>
    protected sealed class PendingAppend
    {
        private readonly TaskCompletionSource<long>? _completion;
        private readonly ManualResetEventSlim? _durable;
        private long _sequence;
        private Exception? _failure;

        public PendingAppend(string kind, string payload, bool synchronous)
        {
            Kind = kind;
            Payload = payload;
            Enqueued = Stopwatch.GetTimestamp();
            if (synchronous)
            {
                _durable = new ManualResetEventSlim();
            }
            else
            {
                // Continuations run on the pool, never on the writer thread: the next batch is not held up.
                _completion = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public string Kind { get; }

        public string Payload { get; }

        public long Enqueued { get; }

        public Task<long> Completion => _completion!.Task;

        public long WaitUntilDurable()
        {
            _durable!.Wait();
            _durable.Dispose();
            return _failure is null ? _sequence : throw new EvidenceLogUnavailableException(_failure.Message, _failure.InnerException);
        }

        public void Succeed(long sequence)
        {
            _sequence = sequence;
            _completion?.TrySetResult(sequence);
            _durable?.Set();
        }

        public void Fail(Exception failure)
        {
            _failure = failure;
            _completion?.TrySetException(failure);
            _durable?.Set();
        }
    }
}

using System.Formats.Asn1;
using System.Security.Cryptography;
using ReferenceTsa.Configuration;
using ReferenceTsa.Issuance;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// Every interval, time-stamps the head of the evidence chain with the TSA's own non-qualified TSU and records the
/// TimeStampResp as a checkpoint (the head's sequence number and hash, and the token over SHA-256 of that hash):
/// later tampering would have to forge a time-stamp as well as rewrite the chain. `audit verify` checks each one.
/// A refused request (clock gate closed) is recorded too, as an unstamped checkpoint. A checkpoint is taken once
/// <c>interval</c> has passed since the last one and records were added, or once <c>everyRecords</c> records were
/// added, whichever comes first; an idle log gets none (its last checkpoint still covers it).
/// </summary>
public sealed class EvidenceCheckpointService(
    TimeStampingService service,
    TimeStampIssuer issuer,
    IEvidenceLog evidence,
    ILogger<EvidenceCheckpointService> logger,
    TimeSpan? interval = null,
    int everyRecords = 100) : BackgroundService
{
    private readonly TimeSpan _interval = interval ?? TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _due = new(0);
    private long _lastCheckpointSequence;
    private int _signalled;

    /// <summary>Wakes the loop once the commit that brings the count of new records to everyRecords is durable.</summary>
    private void OnCommitted(EvidenceRecord record)
    {
        if (record.Sequence - Interlocked.Read(ref _lastCheckpointSequence) >= everyRecords && Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _due.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        evidence.Committed += OnCommitted;
        try
        {
            await CheckpointWhenDueAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            evidence.Committed -= OnCommitted;
        }
    }

    private async Task CheckpointWhenDueAsync(CancellationToken stoppingToken)
    {
        long last = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            var remaining = _interval - System.Diagnostics.Stopwatch.GetElapsedTime(last);
            if (remaining > TimeSpan.Zero)
            {
                await _due.WaitAsync(remaining, stoppingToken).ConfigureAwait(false);
            }

            Interlocked.Exchange(ref _signalled, 0);
            long added = evidence.LastSequence - Interlocked.Read(ref _lastCheckpointSequence);
            if (added <= 0 || (added < everyRecords && System.Diagnostics.Stopwatch.GetElapsedTime(last) < _interval))
            {
                if (added <= 0)
                {
                    last = System.Diagnostics.Stopwatch.GetTimestamp(); // idle: nothing to cover, start the interval again
                }

                continue;
            }

            last = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                if (await CheckpointAsync() is { } sequence)
                {
                    Interlocked.Exchange(ref _lastCheckpointSequence, sequence);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Evidence checkpoint failed");
            }
        }
    }

    /// <summary>
    /// A last checkpoint at shutdown, after the stop record: the whole log of a stopped TSA is then covered, so a
    /// record cut off its end shows against the exported checkpoints.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (evidence.LastSequence > _lastCheckpointSequence)
        {
            try
            {
                _lastCheckpointSequence = await CheckpointAsync().ConfigureAwait(false) ?? _lastCheckpointSequence;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Final evidence checkpoint at shutdown failed");
            }
        }
    }

    public override void Dispose()
    {
        _due.Dispose();
        base.Dispose();
    }

    public async Task<long?> CheckpointAsync()
    {
        var endpoint = service.Endpoints.FirstOrDefault(e => !e.Qualified) ?? service.Endpoints[0];
        (long sequence, byte[] head) = await evidence.ReadHeadAsync().ConfigureAwait(false);
        if (sequence == 0)
        {
            return null;
        }

        var outcome = issuer.Issue(Request(head), endpoint);
        return await evidence.AppendAsync(EvidencePayloads.CheckpointKind, new
        {
            upToSequence = sequence,
            headHash = Convert.ToHexString(head),
            granted = outcome.Granted,
            status = outcome.StatusText,
            tokenResponse = Convert.ToBase64String(outcome.Response),
        }).ConfigureAwait(false);
    }

    /// <summary>A TimeStampReq over SHA-256(head hash), with certReq so the checkpoint token stands alone.</summary>
    private static byte[] Request(byte[] head)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Protocol.DigestAlgorithm.Sha256.Oid);
                }

                writer.WriteOctetString(SHA256.HashData(head));
            }

            writer.WriteBoolean(true);
        }

        return writer.Encode();
    }
}

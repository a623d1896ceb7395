using System.Formats.Asn1;
using System.Security.Cryptography;
using ReferenceTsa.Configuration;
using ReferenceTsa.Issuance;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// Every interval, time-stamps the head of the evidence chain with the TSA's own non-qualified TSU and records the
/// TimeStampResp as a checkpoint (the head's sequence number and hash, and the token over SHA-256 of that hash):
/// later tampering would have to forge a time-stamp as well as rewrite the chain. `audit verify` checks each one.
/// A refused request (clock gate closed) is recorded too, as an unstamped checkpoint.
/// </summary>
public sealed class EvidenceCheckpointService(
    TimeStampingService service,
    TimeStampIssuer issuer,
    IEvidenceLog evidence,
    ILogger<EvidenceCheckpointService> logger,
    TimeSpan? interval = null) : BackgroundService
{
    private readonly TimeSpan _interval = interval ?? TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await CheckpointAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Evidence checkpoint failed");
            }
        }
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

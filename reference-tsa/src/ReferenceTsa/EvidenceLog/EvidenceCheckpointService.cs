using System.Formats.Asn1;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using ReferenceTsa.Configuration;
using ReferenceTsa.Issuance;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// Every interval, time-stamps the head of the evidence chain with the TSA's own non-qualified TSU and records the
/// token as a checkpoint: later tampering would have to forge a time-stamp as well as rewrite the chain.
/// </summary>
public sealed class EvidenceCheckpointService(
    TimeStampingService service,
    TimeStampIssuer issuer,
    SqliteEvidenceLog evidence,
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
        (long sequence, byte[] head) = Head();
        if (sequence == 0)
        {
            return null;
        }

        var outcome = issuer.Issue(Request(head), endpoint);
        return await evidence.AppendAsync("checkpoint", new
        {
            upToSequence = sequence,
            headHash = Convert.ToHexString(head),
            granted = outcome.Granted,
            status = outcome.StatusText,
            tokenResponse = Convert.ToBase64String(outcome.Response),
        });
    }

    private (long Sequence, byte[] Hash) Head()
    {
        using var connection = new SqliteConnection($"Data Source={evidence.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, hash FROM evidence ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), (byte[])reader[1]) : (0, []);
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

using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text.Json;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// Checks checkpoint records while the chain is walked: the checkpoint names an earlier record and its hash (the
/// head when it was taken), and holds the TSA's own TimeStampResp over SHA-256 of that hash. The token must verify
/// (CMS signature, ESSCertIDv2 binding to the signer certificate, messageImprint = SHA-256 of the named head), be
/// signed by a TSU certificate that a start record of the log declared, and carry a genTime no later than the
/// checkpoint was recorded (plus one second of accuracy).
/// </summary>
internal sealed class EvidenceCheckpointVerifier(IEvidenceRecordSource source)
{
    private static readonly TimeSpan MaxAccuracy = TimeSpan.FromSeconds(1);
    private readonly HashSet<string> _declaredTsuCertificates = new(StringComparer.OrdinalIgnoreCase);

    public int Verified { get; private set; }

    public int Unstamped { get; private set; }

    /// <summary>Null when the record is fine (or not a checkpoint); otherwise why the checkpoint fails.</summary>
    public string? Check(EvidenceRecord record)
    {
        try
        {
            if (record.Kind == "start")
            {
                NoteDeclaredCertificates(record.Payload);
                return null;
            }

            return record.Kind == "checkpoint" ? CheckCheckpoint(record) : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or AsnContentException or CryptographicException)
        {
            return record.Kind == "checkpoint" ? $"the checkpoint cannot be read: {e.Message}" : null;
        }
    }

    private void NoteDeclaredCertificates(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        if (document.RootElement.TryGetProperty("tsus", out var tsus) && tsus.ValueKind == JsonValueKind.Array)
        {
            foreach (var tsu in tsus.EnumerateArray())
            {
                if (tsu.TryGetProperty("certificateSha256", out var hash) && hash.GetString() is { } hex)
                {
                    _declaredTsuCertificates.Add(hex);
                }
            }
        }
    }

    private string? CheckCheckpoint(EvidenceRecord record)
    {
        using var document = JsonDocument.Parse(record.Payload);
        var root = document.RootElement;
        long upTo = root.GetProperty("upToSequence").GetInt64();
        byte[] head = Convert.FromHexString(root.GetProperty("headHash").GetString() ?? "");
        if (upTo < 1 || upTo >= record.Sequence)
        {
            return $"it names record {upTo}, which is not an earlier record";
        }

        if (source.StoredHash(upTo) is not { } stored || !stored.AsSpan().SequenceEqual(head))
        {
            return $"the head hash it time-stamped is not the hash of record {upTo}";
        }

        if (!root.GetProperty("granted").GetBoolean())
        {
            Unstamped++; // the TSA refused to issue then (clock gate closed, key not usable); recorded as such
            return null;
        }

        byte[]? tokenBytes = TokenOf(Convert.FromBase64String(root.GetProperty("tokenResponse").GetString() ?? ""));
        if (tokenBytes is null)
        {
            return "it says granted but its TimeStampResp holds no token";
        }

        if (!Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out _))
        {
            return "its time-stamp token cannot be decoded";
        }

        if (!token.VerifySignatureForHash(SHA256.HashData(head), HashAlgorithmName.SHA256, out var signer, extraCandidates: null) || signer is null)
        {
            return $"its time-stamp token does not verify over SHA-256 of the hash of record {upTo} (signature, signer certificate or imprint)";
        }

        using (signer)
        {
            string signerHash = Convert.ToHexString(SHA256.HashData(signer.RawData));
            if (!_declaredTsuCertificates.Contains(signerHash))
            {
                return $"its token is signed by {signer.Subject} (SHA-256 {signerHash}), a certificate no earlier start record declares";
            }
        }

        var recorded = DateTimeOffset.Parse(record.RecordedUtc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (token.TokenInfo.Timestamp > recorded + MaxAccuracy)
        {
            return $"its token's genTime {token.TokenInfo.Timestamp:O} is later than the checkpoint was recorded";
        }

        Verified++;
        return null;
    }

    /// <summary>The timeStampToken of a DER TimeStampResp (RFC 3161 §2.4.2), or null when there is none.</summary>
    private static byte[]? TokenOf(byte[] response)
    {
        var reader = new AsnReader(response, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        sequence.ReadEncodedValue(); // PKIStatusInfo
        return sequence.HasData ? sequence.ReadEncodedValue().ToArray() : null;
    }
}

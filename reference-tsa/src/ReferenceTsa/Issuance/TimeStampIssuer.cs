using System.Numerics;
using Microsoft.Extensions.Logging;
using ReferenceTsa.Clock;
using ReferenceTsa.Protocol;
using ReferenceTsa.Serials;

namespace ReferenceTsa.Issuance;

/// <summary>
/// Turns a DER TimeStampReq into a DER TimeStampResp for one service access point: every refusal is an RFC 3161
/// rejection with the failInfo bit that names the reason (§2.4.2); every grant carries a fresh, never reused serial.
/// </summary>
public sealed class TimeStampIssuer(
    ISerialNumberAllocator serials,
    TimeProvider clock,
    ILogger<TimeStampIssuer> logger,
    IClockStateSource? clockGate = null)
{
    private readonly IClockStateSource _clockGate = clockGate ?? new UnmonitoredClock(clock);

    public IssuanceOutcome Issue(ReadOnlyMemory<byte> requestDer, IssuancePolicy policy)
    {
        if (!TimeStampRequestDecoder.TryDecode(requestDer, out var request, out string? problem))
        {
            return Reject(PkiFailureInfo.BadDataFormat, "malformed request: " + problem, policy);
        }

        // RFC 3161 §2.4.1 defines only version 1.
        if (request!.Version != 1)
        {
            return Reject(PkiFailureInfo.BadRequest, $"unsupported request version {request.Version}; only v1 is defined", policy);
        }

        // RFC 3161 §2.4.1: an unknown or weak hash algorithm SHOULD be refused with badAlg.
        var hash = DigestAlgorithm.FromOid(request.HashAlgorithmOid);
        if (hash is null)
        {
            return Reject(PkiFailureInfo.BadAlg, $"unknown hash algorithm {request.HashAlgorithmOid}", policy);
        }

        if (!policy.AcceptedHashes.Contains(hash))
        {
            string accepted = string.Join(", ", policy.AcceptedHashes);
            return Reject(PkiFailureInfo.BadAlg, $"hash algorithm {hash} is not accepted (accepted: {accepted})", policy);
        }

        // RFC 3161 §2.4.1: the imprint length must match the algorithm.
        if (request.HashedMessage.Length != hash.DigestLength)
        {
            return Reject(PkiFailureInfo.BadDataFormat,
                $"a {hash} imprint has {hash.DigestLength} bytes, not {request.HashedMessage.Length}", policy);
        }

        string policyOid = policy.DefaultPolicyOid;
        if (request.RequestedPolicy is { } requested)
        {
            if (!policy.AcceptedPolicyOids.Contains(requested))
            {
                return Reject(PkiFailureInfo.UnacceptedPolicy, $"policy {requested} is not offered here", policy);
            }

            policyOid = requested;
        }

        // RFC 3161 §2.1(11): the TSA recognises no request extension, so any one is refused.
        if (request.ExtensionOids.Count > 0)
        {
            return Reject(PkiFailureInfo.UnacceptedExtension,
                $"request extension {request.ExtensionOids[0]} is not supported", policy);
        }

        // EN 319 421 TIS-7.7.1-07: no time-stamp when the clock cannot be shown to be within the declared accuracy.
        var clockState = _clockGate.Current;
        if (!clockState.Open)
        {
            return Reject(PkiFailureInfo.TimeNotAvailable, "time source not trusted: " + clockState.Reason, policy);
        }

        // EN 319 421 TIS-7.6.4-04, TIS-7.6.7-06, TIS-7.7.1-09: never sign outside the certificate's validity or the
        // private key usage period.
        var now = clock.GetUtcNow();
        if (policy.Tsu.CannotSignAt(now) is { } lifecycle)
        {
            return Reject(PkiFailureInfo.SystemFailure, lifecycle, policy);
        }

        BigInteger serial;
        DateTimeOffset genTime;
        byte[] token;
        try
        {
            serial = serials.Next();
            genTime = GenTimeFormat.Truncate(now, policy.GenTimeFractionDigits);
            var tstInfo = new TstInfo
            {
                PolicyOid = policyOid,
                MessageImprint = request.MessageImprintEncoded,
                SerialNumber = serial,
                GenTime = genTime,
                Accuracy = policy.Accuracy,
                Nonce = request.Nonce,
                TsaName = policy.IncludeTsaName ? policy.Tsu.SubjectName : (ReadOnlyMemory<byte>?)null,
                QualifiedStatement = policy.Qualified,
            };
            token = TimeStampTokenBuilder.Build(policy.Tsu, tstInfo.Encode(), request.CertReq);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Issuance failed on {Endpoint} (TSU {Tsu}); answering systemFailure", policy.Name, policy.Tsu.Name);
            return Reject(PkiFailureInfo.SystemFailure, "the time-stamping unit could not sign", policy);
        }

        var issued = new IssuedToken(policy.Name, policyOid, request.HashAlgorithmOid, request.HashedMessage.ToArray(),
            policy.Tsu.Name, System.Security.Cryptography.SHA256.HashData(policy.Tsu.Certificate.RawData),
            System.Security.Cryptography.SHA256.HashData(token), clockState);
        return new IssuanceOutcome(TimeStampResponseEncoder.Granted(token), PkiStatus.Granted, PkiFailureInfo.None,
            "granted", serial, genTime) { Issued = issued };
    }


    private IssuanceOutcome Reject(PkiFailureInfo failInfo, string text, IssuancePolicy policy)
    {
        logger.LogInformation("Rejected on {Endpoint}: {FailInfo}: {Reason}", policy.Name, failInfo, text);
        string statusText = text.Length <= 200 ? text : text[..200];
        return new IssuanceOutcome(TimeStampResponseEncoder.Rejection(failInfo, statusText), PkiStatus.Rejection, failInfo, statusText);
    }
}

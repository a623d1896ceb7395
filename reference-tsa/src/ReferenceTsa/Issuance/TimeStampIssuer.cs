using System.Numerics;
using Microsoft.Extensions.Logging;
using ReferenceTsa.Clock;
using ReferenceTsa.Defects;
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
    IClockStateSource? clockGate = null,
    ActiveDefects? defects = null)
{
    private readonly IClockStateSource _clockGate = clockGate ?? new UnmonitoredClock(clock);

    /// <summary>Development-mode defects (Defects/DefectCatalogue); each check below names the one that disables it.</summary>
    private readonly ActiveDefects _defects = defects ?? ActiveDefects.None;

    public IssuanceOutcome Issue(ReadOnlyMemory<byte> requestDer, IssuancePolicy policy)
    {
        if (!TimeStampRequestDecoder.TryDecode(requestDer, out var request, out string? problem, _defects.Has(DefectCatalogue.LenientRequestDecoding)))
        {
            return Reject(PkiFailureInfo.BadDataFormat, "malformed request: " + problem, policy);
        }

        // RFC 3161 §2.4.1 defines only version 1.
        if (request!.Version != 1 && !_defects.Has(DefectCatalogue.RequestVersionIgnored))
        {
            return Reject(PkiFailureInfo.BadRequest, $"unsupported request version {request.Version}; only v1 is defined", policy);
        }

        // RFC 3161 §2.4.1: an unknown or weak hash algorithm SHOULD be refused with badAlg.
        var hash = DigestAlgorithm.FromOid(request.HashAlgorithmOid);
        if (hash is null && !_defects.Has(DefectCatalogue.UnknownHashAccepted))
        {
            return Reject(PkiFailureInfo.BadAlg, $"unknown hash algorithm (hashAlgorithm {ObjectIdentifierReader.Describe(request.HashAlgorithmOid)})", policy);
        }

        bool hashAccepted = hash is null || policy.AcceptedHashes.Contains(hash) || (hash == DigestAlgorithm.Sha1 && _defects.Has(DefectCatalogue.Sha1ImprintAccepted));
        if (!hashAccepted || (hash == DigestAlgorithm.Sha256 && _defects.Has(DefectCatalogue.Sha256Refused)))
        {
            string accepted = string.Join(", ", policy.AcceptedHashes);
            return Reject(PkiFailureInfo.BadAlg, $"hash algorithm {hash} is not accepted (accepted: {accepted})", policy);
        }

        // RFC 3161 §2.4.1: the imprint length must match the algorithm.
        if (hash is not null && request.HashedMessage.Length != hash.DigestLength && !_defects.Has(DefectCatalogue.ImprintLengthUnchecked))
        {
            return Reject(PkiFailureInfo.BadDataFormat,
                $"a {hash} imprint has {hash.DigestLength} bytes, not {request.HashedMessage.Length}", policy);
        }

        if (_defects.Has(DefectCatalogue.TrivialImprintRefused) && !request.HashedMessage.IsEmpty
            && request.HashedMessage.Span.IndexOfAnyExcept(request.HashedMessage.Span[0]) < 0)
        {
            return Reject(PkiFailureInfo.BadDataFormat, "the imprint looks like no real digest", policy);
        }

        string policyOid = policy.DefaultPolicyOid;
        if (request.RequestedPolicy is { } requested)
        {
            if (!policy.AcceptedPolicyOids.Contains(requested) && !_defects.Has(DefectCatalogue.UnknownPolicyAccepted))
            {
                return Reject(PkiFailureInfo.UnacceptedPolicy, $"reqPolicy {ObjectIdentifierReader.Describe(requested)} is not offered here", policy);
            }

            policyOid = policy.AcceptedPolicyOids.Contains(requested) && !_defects.Has(DefectCatalogue.RequestedPolicyIgnored) ? requested : policyOid;
        }

        // RFC 3161 §2.1(11): the TSA recognises no request extension, so any one is refused.
        if (request.ExtensionOids.Count > 0 && !_defects.Has(DefectCatalogue.UnknownExtensionAccepted))
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
            tstInfo = TstInfoDefects.Shape(tstInfo, policy, _defects);
            (serial, genTime) = (tstInfo.SerialNumber, tstInfo.GenTime);
            bool certificates = _defects.Has(DefectCatalogue.CertificatesWithoutCertReq)
                || (request.CertReq && !_defects.Has(DefectCatalogue.CertificatesMissingWithCertReq));
            token = TimeStampTokenBuilder.Build(policy.Tsu, tstInfo.Encode(), certificates, _defects);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Issuance failed on {Endpoint} (TSU {Tsu}); answering systemFailure", policy.Name, policy.Tsu.Name);
            return Reject(PkiFailureInfo.SystemFailure, "the time-stamping unit could not sign", policy);
        }

        var issued = new IssuedToken(policy.Name, policyOid, request.HashAlgorithmOid, request.HashedMessage.ToArray(),
            policy.Tsu.Name, System.Security.Cryptography.SHA256.HashData(policy.Tsu.Certificate.RawData),
            System.Security.Cryptography.SHA256.HashData(token), clockState);
        return new IssuanceOutcome(TimeStampResponseEncoder.Granted(token, _defects), PkiStatus.Granted, PkiFailureInfo.None,
            "granted", serial, genTime) { Issued = issued };
    }


    private IssuanceOutcome Reject(PkiFailureInfo failInfo, string text, IssuancePolicy policy)
    {
        logger.LogInformation("Rejected on {Endpoint}: {FailInfo}: {Reason}", policy.Name, failInfo, text);
        string statusText = text.Length <= 200 ? text : text[..200];
        return new IssuanceOutcome(TimeStampResponseEncoder.Rejection(failInfo, statusText, _defects), PkiStatus.Rejection, failInfo, statusText);
    }
}

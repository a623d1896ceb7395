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

        string policyOid = policy.DefaultPolicyOid;
        if ((CheckRequest(request!, policy) ?? ChoosePolicy(request!, policy, ref policyOid)) is { } refusal)
        {
            return Reject(refusal.FailInfo, refusal.Text, policy);
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

        try
        {
            return Grant(request!, policy, policyOid, now, clockState);
        }
        catch (SerialNumbersUnavailableException e)
        {
            // No serial can be handed out (the shared serial store is away): refuse rather than risk a repeat.
            logger.LogError("No serial number on {Endpoint}; answering systemFailure: {Reason}", policy.Name, e.Message);
            return Reject(PkiFailureInfo.SystemFailure, "no serial number can be reserved now", policy);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Issuance failed on {Endpoint} (TSU {Tsu}); answering systemFailure", policy.Name, policy.Tsu.Name);
            return Reject(PkiFailureInfo.SystemFailure, "the time-stamping unit could not sign", policy);
        }
    }

    /// <summary>Why the request itself cannot be served (version, hash algorithm, imprint), or null when it can.</summary>
    private Refusal? CheckRequest(TimeStampRequest request, IssuancePolicy policy)
    {
        // RFC 3161 §2.4.1 defines only version 1.
        if (request.Version != 1 && !_defects.Has(DefectCatalogue.RequestVersionIgnored))
        {
            return new(PkiFailureInfo.BadRequest, $"unsupported request version {request.Version}; only v1 is defined");
        }

        // RFC 3161 §2.4.1: an unknown or weak hash algorithm SHOULD be refused with badAlg.
        var hash = DigestAlgorithm.FromOid(request.HashAlgorithmOid);
        if (hash is null && !_defects.Has(DefectCatalogue.UnknownHashAccepted))
        {
            return new(PkiFailureInfo.BadAlg, $"unknown hash algorithm (hashAlgorithm {ObjectIdentifierReader.Describe(request.HashAlgorithmOid)})");
        }

        bool hashAccepted = hash is null || policy.AcceptedHashes.Contains(hash) || (hash == DigestAlgorithm.Sha1 && _defects.Has(DefectCatalogue.Sha1ImprintAccepted));
        if (!hashAccepted || (hash == DigestAlgorithm.Sha256 && _defects.Has(DefectCatalogue.Sha256Refused)))
        {
            string accepted = string.Join(", ", policy.AcceptedHashes);
            return new(PkiFailureInfo.BadAlg, $"hash algorithm {hash} is not accepted (accepted: {accepted})");
        }

        // RFC 3161 §2.4.1: the imprint length must match the algorithm.
        if (hash is not null && request.HashedMessage.Length != hash.DigestLength && !_defects.Has(DefectCatalogue.ImprintLengthUnchecked))
        {
            return new(PkiFailureInfo.BadDataFormat, $"a {hash} imprint has {hash.DigestLength} bytes, not {request.HashedMessage.Length}");
        }

        if (_defects.Has(DefectCatalogue.TrivialImprintRefused) && !request.HashedMessage.IsEmpty
            && request.HashedMessage.Span.IndexOfAnyExcept(request.HashedMessage.Span[0]) < 0)
        {
            return new(PkiFailureInfo.BadDataFormat, "the imprint looks like no real digest");
        }

        return null;
    }

    /// <summary>Sets the policy the token is issued under when the request names an accepted one, or says why it cannot be served; extensions are refused here too.</summary>
    private Refusal? ChoosePolicy(TimeStampRequest request, IssuancePolicy policy, ref string policyOid)
    {
        if (request.RequestedPolicy is { } requested)
        {
            if (!policy.AcceptedPolicyOids.Contains(requested) && !_defects.Has(DefectCatalogue.UnknownPolicyAccepted))
            {
                return new(PkiFailureInfo.UnacceptedPolicy, $"reqPolicy {ObjectIdentifierReader.Describe(requested)} is not offered here");
            }

            policyOid = policy.AcceptedPolicyOids.Contains(requested) && !_defects.Has(DefectCatalogue.RequestedPolicyIgnored) ? requested : policyOid;
        }

        // RFC 3161 §2.1(11): the TSA recognises no request extension, so any one is refused.
        if (request.ExtensionOids.Count > 0 && !_defects.Has(DefectCatalogue.UnknownExtensionAccepted))
        {
            return new(PkiFailureInfo.UnacceptedExtension, $"request extension {request.ExtensionOids[0]} is not supported");
        }

        return null;
    }

    /// <summary>Allocates the serial, signs the token and describes it for the evidence log.</summary>
    private IssuanceOutcome Grant(TimeStampRequest request, IssuancePolicy policy, string policyOid, DateTimeOffset now, ClockState clockState)
    {
        var tstInfo = new TstInfo
        {
            PolicyOid = policyOid,
            MessageImprint = request.MessageImprintEncoded,
            SerialNumber = serials.Next(),
            GenTime = GenTimeFormat.Truncate(now, policy.GenTimeFractionDigits),
            Accuracy = policy.Accuracy,
            Nonce = request.Nonce,
            TsaName = policy.IncludeTsaName ? policy.Tsu.SubjectName : (ReadOnlyMemory<byte>?)null,
            QualifiedStatement = policy.Qualified,
        };
        tstInfo = TstInfoDefects.Shape(tstInfo, policy, _defects);
        bool certificates = _defects.Has(DefectCatalogue.CertificatesWithoutCertReq)
            || (request.CertReq && !_defects.Has(DefectCatalogue.CertificatesMissingWithCertReq));
        byte[] token = TimeStampTokenBuilder.Build(policy.Tsu, tstInfo.Encode(), certificates, _defects);
        var issued = new IssuedToken(policy.Name, policyOid, request.HashAlgorithmOid, request.HashedMessage.ToArray(),
            policy.Tsu.Name, policy.Tsu.CertificateSha256, System.Security.Cryptography.SHA256.HashData(token), clockState);
        return new IssuanceOutcome(TimeStampResponseEncoder.Granted(token, _defects), PkiStatus.Granted, PkiFailureInfo.None,
            "granted", tstInfo.SerialNumber, tstInfo.GenTime) { Issued = issued };
    }

    /// <summary>An RFC 3161 rejection decided before anything is signed.</summary>
    private readonly record struct Refusal(PkiFailureInfo FailInfo, string Text);

    private IssuanceOutcome Reject(PkiFailureInfo failInfo, string text, IssuancePolicy policy)
    {
        logger.LogInformation("Rejected on {Endpoint}: {FailInfo}: {Reason}", policy.Name, failInfo, text);
        string statusText = text.Length <= 200 ? text : text[..200];
        return new IssuanceOutcome(TimeStampResponseEncoder.Rejection(failInfo, statusText, _defects), PkiStatus.Rejection, failInfo, statusText);
    }
}

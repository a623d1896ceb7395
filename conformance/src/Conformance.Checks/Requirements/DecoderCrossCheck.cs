using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>
/// TSP-CMS-014. RFC 3161 §2.4.2, RFC 5652 §5: a token is one unambiguous structure. It is decoded three times, by
/// this suite's strict-DER decoder, by .NET (SignedCms and Rfc3161TimestampToken) and by BouncyCastle; one decoder
/// accepting what another rejects, or two reading different TSTInfo values, is a finding.
/// </summary>
public static class DecoderCrossCheck
{
    /// <summary>
    /// What one decoder read; Error is set when it rejected the token, with the decoder's own reason. JudgedBy names the
    /// check that already makes a finding of that reason (e.g. TSP-CMS-003 for a TSTInfo that is not DER), if one does.
    /// </summary>
    public sealed record Reading(string Decoder, string? Error, BigInteger? Serial = null, DateTimeOffset? GenTime = null, string? Policy = null, string? Imprint = null, int? Signers = null, string? JudgedBy = null)
    {
        public string Values => Error ?? $"serial {Serial}, genTime {GenTime:O}, policy {Policy}, imprint {Imprint}, signers {Signers}";

        public string Verdict => Error is null ? $"{Decoder}: accepted" : $"{Decoder}: rejected: {Error}{(JudgedBy is null ? "" : $" (judged under {JudgedBy})")}";
    }

    public static IReadOnlyList<Reading> ReadAll(ReadOnlyMemory<byte> tokenBytes) => [Strict(tokenBytes), DotNetSignedCms(tokenBytes), DotNetRfc3161(tokenBytes), BouncyCastle(tokenBytes)];

    public static void DecodersAgree(ReadOnlyMemory<byte> tokenBytes)
    {
        const string id = "TSP-CMS-014";
        IReadOnlyList<Reading> readings = ReadAll(tokenBytes);
        var accepted = readings.Where(r => r.Error is null).ToList();
        var rejected = readings.Where(r => r.Error is not null).ToList();
        if (rejected.Count > 0 && rejected.All(r => r.JudgedBy is not null))
        {
            // Every rejection has a reason another check already judges: repeating it here would count one defect twice.
            throw new NotApplicableException("the decoders that reject the token do so for reasons judged under "
                + string.Join(", ", rejected.Select(r => r.JudgedBy).Distinct()) + ": " + string.Join(" | ", readings.Select(r => r.Verdict)));
        }

        if (accepted.Count > 0 && rejected.Count > 0)
        {
            throw new RequirementNotMetException(id, "independent decoders disagree on whether the token is valid",
                "all decoders accept the token", string.Join(" | ", readings.Select(r => r.Verdict)));
        }

        if (accepted.Count == 0)
        {
            throw new RequirementNotMetException(id, "no decoder accepts the token", "a decodable TimeStampToken", string.Join(" | ", readings.Select(r => r.Verdict)));
        }

        var withValues = accepted.Where(r => r.Serial is not null).ToList();
        Reading first = withValues[0];
        foreach (Reading other in withValues.Skip(1))
        {
            bool sameTime = other.GenTime is { } a && first.GenTime is { } b && Math.Abs((a - b).TotalMilliseconds) < 1;
            if (other.Serial != first.Serial || !sameTime || other.Policy != first.Policy || other.Imprint != first.Imprint
                || (other.Signers is not null && first.Signers is not null && other.Signers != first.Signers))
            {
                throw new RequirementNotMetException(id, "independent decoders read different values from the token",
                    $"{first.Decoder}: {first.Values}", $"{other.Decoder}: {other.Values}");
            }
        }
    }

    private static Reading Strict(ReadOnlyMemory<byte> bytes)
    {
        const string name = "strict DER (System.Formats.Asn1)";
        if (!TimeStampToken.TryDecode(bytes, out TimeStampToken? token, out string? error))
        {
            return new Reading(name, error);
        }

        // CMS allows BER for the SignedData around the TSTInfo (RFC 5652 §5.1; e.g. an unsorted certificate set), so
        // only the TSTInfo itself has to be DER here (RFC 3161 §2.4.2).
        if (token!.TstInfo is not { } tst)
        {
            return new Reading(name, token.TstInfoError);
        }

        if (tst.EncodingFindings.Count > 0)
        {
            return new Reading(name, "TSTInfo not DER: " + string.Join("; ", tst.EncodingFindings), JudgedBy: "TSP-CMS-003");
        }

        if (token.SignerInfoErrors.Count > 0)
        {
            return new Reading(name, string.Join("; ", token.SignerInfoErrors));
        }

        return new Reading(name, null, tst.SerialNumber, tst.GenTime, tst.Policy, Imprint(tst.HashAlgorithmOid, tst.HashedMessage.Span), token.SignerInfoCount);
    }

    private static Reading DotNetSignedCms(ReadOnlyMemory<byte> bytes)
    {
        const string name = ".NET SignedCms";
        try
        {
            var cms = new SignedCms();
            cms.Decode(bytes.Span);
            if (cms.ContentInfo.ContentType.Value != Oids.TstInfo)
            {
                return new Reading(name, $"content type {cms.ContentInfo.ContentType.Value}");
            }

            return new Reading(name, null, Signers: cms.SignerInfos.Count);
        }
#pragma warning disable CA1031 // untrusted input
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Reading(name, e.Message);
        }
    }

    private static Reading DotNetRfc3161(ReadOnlyMemory<byte> bytes)
    {
        const string name = ".NET Rfc3161TimestampToken";
        try
        {
            if (!Rfc3161TimestampToken.TryDecode(bytes, out Rfc3161TimestampToken? token, out int consumed) || token is null)
            {
                (string reason, string? judgedBy) = WhyDotNetRefuses(bytes);
                return new Reading(name, reason, JudgedBy: judgedBy);
            }

            if (consumed != bytes.Length)
            {
                return new Reading(name, $"{bytes.Length - consumed} trailing byte(s)");
            }

            Rfc3161TimestampTokenInfo info = token.TokenInfo;
            return new Reading(name, null, new BigInteger(info.GetSerialNumber().Span, isUnsigned: false, isBigEndian: true), info.Timestamp, info.PolicyId.Value,
                Imprint(info.HashAlgorithmId.Value ?? "", info.GetMessageHash().Span), token.AsSignedCms().SignerInfos.Count);
        }
#pragma warning disable CA1031 // untrusted input: whatever .NET throws means it rejected the token
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Reading(name, e.Message);
        }
    }

    private static Reading BouncyCastle(ReadOnlyMemory<byte> bytes)
    {
        const string name = "BouncyCastle TimeStampToken";
        try
        {
            var cms = new Org.BouncyCastle.Cms.CmsSignedData(bytes.ToArray());
            var token = new Org.BouncyCastle.Tsp.TimeStampToken(cms);
            var info = token.TimeStampInfo;
            return new Reading(name, null, new BigInteger(info.SerialNumber.ToByteArray(), isUnsigned: false, isBigEndian: true),
                new DateTimeOffset(DateTime.SpecifyKind(info.GenTime, DateTimeKind.Utc)), info.Policy,
                Imprint(info.MessageImprintAlgOid, info.GetMessageImprintDigest()), cms.GetSignerInfos().Count);
        }
#pragma warning disable CA1031 // untrusted input: whatever BouncyCastle throws means it rejected the token
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Reading(name, e.Message, JudgedBy: BouncyCastleReasonJudgedBy(e.Message));
        }
    }

    /// <summary>
    /// .NET's Rfc3161TimestampToken.TryDecode only says no. Its conditions, checked one by one, give the reason: the CMS
    /// decodes, the content is a TSTInfo that .NET reads, there is exactly one SignerInfo, it has a signing-certificate
    /// attribute, and a certificate the token carries matches it.
    /// </summary>
    private static (string Reason, string? JudgedBy) WhyDotNetRefuses(ReadOnlyMemory<byte> bytes)
    {
        var cms = new SignedCms();
        try
        {
            cms.Decode(bytes.Span);
        }
        catch (CryptographicException e)
        {
            return ($"the CMS does not decode: {e.Message}", null);
        }

        if (cms.ContentInfo.ContentType.Value != Oids.TstInfo)
        {
            return ($"the content type is {cms.ContentInfo.ContentType.Value}, not id-ct-TSTInfo", "TSP-CMS-002");
        }

        if (!Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out _, out int read))
        {
            return ("its TSTInfo reader refuses the eContent", null);
        }

        if (read != cms.ContentInfo.Content.Length)
        {
            return ($"{cms.ContentInfo.Content.Length - read} byte(s) follow the TSTInfo in eContent", "TSP-CMS-003");
        }

        if (cms.SignerInfos.Count != 1)
        {
            return ($"{cms.SignerInfos.Count} SignerInfos, where it requires exactly one", "TSP-CMS-004");
        }

        System.Security.Cryptography.Pkcs.SignerInfo signer = cms.SignerInfos[0];
        bool v1 = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Any(a => a.Oid.Value == Oids.SigningCertificate);
        bool v2 = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Any(a => a.Oid.Value == Oids.SigningCertificateV2);
        if (!v1 && !v2)
        {
            return ("no SigningCertificate or SigningCertificateV2 signed attribute", "TSP-CMS-007");
        }

        if (cms.Certificates.Count > 0 && signer.Certificate is null)
        {
            return ("none of the token's certificates is the one the SignerInfo identifies", "TSP-CMS-011");
        }

        return ("the signing-certificate attribute does not match the signer's certificate as .NET reads it (ESSCertID hash or issuerSerial)", "TSP-CMS-008");
    }

    /// <summary>The check that already judges what a BouncyCastle rejection message names, if any.</summary>
    private static string? BouncyCastleReasonJudgedBy(string message) => message switch
    {
        _ when message.Contains("just the TSA signature", StringComparison.OrdinalIgnoreCase) || message.Contains("exactly one signer", StringComparison.OrdinalIgnoreCase) => "TSP-CMS-004",
        _ when message.Contains("signing certificate attribute", StringComparison.OrdinalIgnoreCase) => "TSP-CMS-007",
        _ when message.Contains("certID", StringComparison.OrdinalIgnoreCase) || message.Contains("issuerSerial", StringComparison.OrdinalIgnoreCase) => "TSP-CMS-008",
        _ => null,
    };

    private static string Imprint(string oid, ReadOnlySpan<byte> hash) => $"{oid}:{Convert.ToHexString(hash)}";
}

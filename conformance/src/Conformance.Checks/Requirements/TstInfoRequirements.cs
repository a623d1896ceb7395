using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>Checks on TSTInfo fields beyond version and accuracy: RFC 3161 §2.4.2, EN 319 422 §5.2.2, EN 319 421 §7.7.1.</summary>
public static partial class TstInfoRequirements
{
    /// <summary>
    /// TSP-TST-002. RFC 3161 §2.4.2 (policy is mandatory); EN 319 422 §5.2.2 / Annex A and EN 319 421 §5.2: the policy
    /// is BTSP (0.4.0.2023.1.1) or an OID the TSA declares. Without a declared list only presence is checked.
    /// </summary>
    public static void PolicyIsDeclared(TstInfo tst, IReadOnlyCollection<string> declaredPolicies)
    {
        const string id = "TSP-TST-002";
        if (string.IsNullOrEmpty(tst.Policy))
        {
            throw new RequirementNotMetException(id, "the TSTInfo has no policy", "a TSA policy OID", "none");
        }

        if (declaredPolicies.Count > 0 && tst.Policy != Oids.BestPracticesTimeStampPolicy && !declaredPolicies.Contains(tst.Policy))
        {
            throw new RequirementNotMetException(id, "the token's policy is neither BTSP nor one the TSA declares",
                string.Join(" or ", new[] { Oids.BestPracticesTimeStampPolicy }.Concat(declaredPolicies).Distinct()), tst.Policy);
        }
    }

    /// <summary>TSP-TST-003. RFC 3161 §2.4.2: messageImprint equals the request's (algorithm and hashedMessage).</summary>
    public static void ImprintMatchesRequest(TimeStampRequest request, TstInfo tst)
    {
        const string id = "TSP-TST-003";
        if (tst.HashAlgorithmOid != request.HashAlgorithmOid || !tst.HashedMessage.Span.SequenceEqual(request.HashedMessage.Span))
        {
            throw new RequirementNotMetException(id, "the token's messageImprint differs from the request's",
                $"{request.HashAlgorithmOid} {Convert.ToHexString(request.HashedMessage.Span)}", $"{tst.HashAlgorithmOid} {Convert.ToHexString(tst.HashedMessage.Span)}");
        }
    }

    /// <summary>
    /// TSP-TST-004. RFC 3161 §2.4.2: serialNumber is unique for each token issued by a given TSA. The registry
    /// remembers every (TSU, serial) seen by the scenarios that share it (one per target of a run); a repeat is a
    /// finding naming both tokens.
    /// </summary>
    public sealed class SerialRegistry
    {
        private readonly ConcurrentDictionary<(string Tsu, BigInteger Serial), string> _seen = new();

        public int Count => _seen.Count;

        public void Record(TimeStampToken token, string where)
        {
            const string id = "TSP-TST-004";
            TstInfo tst = TokenRequirements.RequireTstInfo(token, id);
            string tsu = token.Signer is { } signer
                ? signer.SidIssuer is { } issuer ? new X500DistinguishedName(issuer.Span).Name : "SKI " + Convert.ToHexString(signer.SidSubjectKeyIdentifier!.Value.Span)
                : "unknown TSU";
            string previous = _seen.GetOrAdd((tsu, tst.SerialNumber), where);
            if (!ReferenceEquals(previous, where) && previous != where)
            {
                throw new RequirementNotMetException(id, "two tokens of the same TSA carry the same serial number", "a serial number used once",
                    $"serial {tst.SerialNumber} (TSU issuer {tsu}) in {previous} and in {where}");
            }
        }
    }

    /// <summary>TSP-TST-005. RFC 3161 §2.4.2: serialNumber is a positive integer that fits 160 bits.</summary>
    public static void SerialIsPositiveAndAtMost160Bits(TstInfo tst)
    {
        const string id = "TSP-TST-005";
        if (tst.SerialNumber.Sign <= 0)
        {
            throw new RequirementNotMetException(id, "the serial number is not positive", "> 0", tst.SerialNumber.ToString(CultureInfo.InvariantCulture));
        }

        long bits = (long)tst.SerialNumber.GetBitLength();
        if (bits > 160)
        {
            throw new RequirementNotMetException(id, "the serial number is longer than 160 bits", "at most 160 bits", $"{bits} bits");
        }
    }

    [GeneratedRegex(@"^\d{14}(\.\d*[1-9])?Z$", RegexOptions.CultureInvariant)]
    private static partial Regex GenTimeFormat();

    /// <summary>
    /// TSP-TST-006. RFC 3161 §2.4.2: genTime is YYYYMMDDhhmmss[.s...]Z: seconds present, UTC "Z", "." as decimal
    /// separator, no trailing zeros in the fraction, no fraction when it is zero.
    /// </summary>
    public static void GenTimeIsWellFormed(TstInfo tst)
    {
        if (!GenTimeFormat().IsMatch(tst.GenTimeText))
        {
            throw new RequirementNotMetException("TSP-TST-006", "genTime does not follow the RFC 3161 format", "YYYYMMDDhhmmss[.s...]Z without trailing zeros", tst.GenTimeText);
        }
    }

    /// <summary>
    /// TSP-TST-007 (heuristic). EN 319 422 §5.2.2: genTime carries the precision needed to support the declared
    /// accuracy. With an accuracy finer than one second, a genTime without any fraction is reported (a fraction of
    /// exactly zero is legitimately omitted, so this is a SHOULD-level indication).
    /// </summary>
    public static void GenTimePrecisionSupportsAccuracy(TstInfo tst)
    {
        if (tst.Accuracy is { } accuracy && accuracy.TotalMicroseconds < 1_000_000 && !tst.GenTimeText.Contains('.', StringComparison.Ordinal))
        {
            throw new RequirementNotMetException("TSP-TST-007", "genTime has whole seconds only although the accuracy is below one second",
                $"fractional seconds to support an accuracy of {accuracy}", tst.GenTimeText);
        }
    }

    /// <summary>TSP-TST-009. RFC 3161 §2.4.2: Accuracy.millis and Accuracy.micros are INTEGER (1..999) when present.</summary>
    public static void AccuracyPartsInRange(TstInfo tst)
    {
        if (tst.Accuracy is not { } accuracy)
        {
            return;
        }

        foreach ((string name, BigInteger? value) in new[] { ("millis", accuracy.Millis), ("micros", accuracy.Micros) })
        {
            if (value is { } v && (v < 1 || v > 999))
            {
                throw new RequirementNotMetException("TSP-TST-009", $"Accuracy.{name} is outside 1..999", "1..999", v.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (accuracy.Seconds is { } s && s.Sign < 0)
        {
            throw new RequirementNotMetException("TSP-TST-009", "Accuracy.seconds is negative", ">= 0", s.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>TSP-TST-010. EN 319 422 §5.2.2: ordering is absent or FALSE.</summary>
    public static void OrderingIsFalse(TstInfo tst)
    {
        if (tst.Ordering)
        {
            throw new RequirementNotMetException("TSP-TST-010", "the token sets ordering TRUE", "ordering absent (FALSE)", "TRUE");
        }
    }

    /// <summary>
    /// TSP-TST-012. RFC 3161 §2.4.2: tsa, when present, names the TSA; it matches a subject name of the TSU
    /// certificate (the subject DN for a directoryName, a subjectAltName entry otherwise).
    /// </summary>
    public static void TsaNameMatchesCertificate(TstInfo tst, X509Certificate2 certificate)
    {
        const string id = "TSP-TST-012";
        if (tst.TsaName is not { } name)
        {
            return;
        }

        Asn1Tag tag = Asn1Tag.Decode(name.Span, out _);
        if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 4)
        {
            AsnReader directoryName = new AsnReader(name, AsnEncodingRules.BER).ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4, true));
            ReadOnlyMemory<byte> dn = directoryName.ReadEncodedValue();
            if (CertificateMatching.SameName(dn.Span, certificate.SubjectName.RawData))
            {
                return;
            }

            throw new RequirementNotMetException(id, "the tsa field names another entity than the TSU certificate's subject",
                certificate.Subject, new X500DistinguishedName(dn.Span).Name);
        }

        if (CertificateMatching.Extension(certificate, Oids.SubjectAltName) is { } san)
        {
            AsnReader names = new AsnReader(san.RawData, AsnEncodingRules.BER).ReadSequence();
            while (names.HasData)
            {
                if (names.ReadEncodedValue().Span.SequenceEqual(name.Span))
                {
                    return;
                }
            }
        }

        throw new RequirementNotMetException(id, "the tsa GeneralName is not among the TSU certificate's names",
            $"subject {certificate.Subject} or a subjectAltName entry", $"GeneralName [{tag.TagValue}] {Convert.ToHexString(name.Span)}");
    }

    /// <summary>TSP-TST-013. EN 319 422 §5.2.2: no TSTInfo extension is marked critical.</summary>
    public static void NoCriticalExtension(TstInfo tst)
    {
        var critical = tst.Extensions.Where(e => e.Critical).Select(e => e.Oid).ToList();
        if (critical.Count > 0)
        {
            throw new RequirementNotMetException("TSP-TST-013", "the TSTInfo has a critical extension", "no critical extension", "critical: " + string.Join(", ", critical));
        }
    }

    /// <summary>
    /// TSP-TST-014. EN 319 421 TIS-7.7.1-09 / TIS-7.6.7-06, RFC 5280 §4.1.2.5: genTime lies within the TSU
    /// certificate's validity and, when the certificate has one, within its privateKeyUsagePeriod.
    /// </summary>
    public static void GenTimeWithinCertificateValidity(TstInfo tst, X509Certificate2 certificate)
    {
        const string id = "TSP-TST-014";
        DateTimeOffset genTime = tst.GenTime ?? throw new RequirementNotMetException(id, "genTime cannot be read", "a GeneralizedTime", tst.GenTimeText);
        DateTimeOffset notBefore = new(certificate.NotBefore.ToUniversalTime()), notAfter = new(certificate.NotAfter.ToUniversalTime());
        if (genTime < notBefore || genTime > notAfter)
        {
            throw new RequirementNotMetException(id, "genTime is outside the TSU certificate's validity", $"{notBefore:O} .. {notAfter:O}", $"genTime {genTime:O}");
        }

        if (CertificateMatching.PrivateKeyUsagePeriod(certificate) is { } pkup
            && ((pkup.NotBefore is { } pb && genTime < pb) || (pkup.NotAfter is { } pa && genTime > pa)))
        {
            throw new RequirementNotMetException(id, "genTime is outside the TSU certificate's privateKeyUsagePeriod",
                $"{pkup.NotBefore?.ToString("O") ?? "open"} .. {pkup.NotAfter?.ToString("O") ?? "open"}", $"genTime {genTime:O}");
        }
    }
}

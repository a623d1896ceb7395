using System.Security.Cryptography.X509Certificates;
using Conformance.Catalogue;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>
/// Algorithms judged against a versioned crypto policy (spec/crypto): EN 319 422 §5.2.3, §6.3, §6.5 with TS 119 312;
/// for qualified services CIR (EU) 2025/1929 Annex points 2(5)-2(8) with the ECCG Agreed Cryptographic Mechanisms.
/// Every message says what the policy row says and where it comes from; a finding resting on a row that is a placeholder,
/// not verified, or from an edition published after the date judged carries <see cref="RequirementNotMetException.PlaceholderBasis"/>
/// so that it is graded an observation, never a nonconformity.
/// </summary>
public static class AlgorithmRequirements
{
    /// <summary>The scheme name the crypto policies use for a signature algorithm OID (RFC 8017, RFC 4055, RFC 5758).</summary>
    public static string? SchemeOf(string signatureOid, X509Certificate2? certificate) => signatureOid switch
    {
        Oids.RsaPss => "rsassa-pss",
        Oids.RsaEncryption or "1.2.840.113549.1.1.5" or "1.2.840.113549.1.1.11" or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13"
            or "2.16.840.1.101.3.4.3.14" or "2.16.840.1.101.3.4.3.15" or "2.16.840.1.101.3.4.3.16" => "rsa-pkcs1-v1_5",
        _ when signatureOid.StartsWith("1.2.840.10045.4.", StringComparison.Ordinal) || signatureOid is "2.16.840.1.101.3.4.3.10" or "2.16.840.1.101.3.4.3.11" or "2.16.840.1.101.3.4.3.12" => "ecdsa",
        Oids.EcPublicKey => "ecdsa",
        _ => null,
    };

    /// <summary>Hash named inside a signature algorithm OID that fixes it (sha1WithRSAEncryption, ecdsa-with-SHA1); null otherwise.</summary>
    private static string? HashInsideSignature(string signatureOid) => signatureOid switch
    {
        "1.2.840.113549.1.1.5" or "1.2.840.10045.4.1" => "1.3.14.3.2.26",
        "1.2.840.113549.1.1.4" => "1.2.840.113549.2.5",
        _ => null,
    };

    private static bool AcceptedAt(CryptoAlgorithm row, DateOnly day) => row.Accepted && (row.ValidUntil is not { } until || day <= until);

    /// <summary>What the row says, e.g. "sha1: not acceptable per ETSI TS 119 312 V2.1.1 (2026-06), Table 1 (hash functions): not listed".</summary>
    public static string Says(CryptoPolicy policy, CryptoAlgorithm row)
    {
        string band = row.MinKeyBits is { } min ? $" {min}..{row.MaxKeyBits?.ToString() ?? ""} bits" : "";
        string verdict = !row.Accepted
            ? row.ValidUntil is { } end ? $"not acceptable after {end:yyyy-MM-dd}" : "not acceptable"
            : row.ValidUntil is { } u ? $"acceptable until {u:yyyy-MM-dd}{(row.Legacy ? " (legacy)" : "")}" : $"acceptable{(row.Legacy ? " (legacy)" : "")}, no end date";
        string table = row.Table.Length > 0 ? $", {row.Table}" : "";
        return $"{row.Name}{band}: {verdict} per {policy.Document} {policy.Version}{table} ({policy.File} line {row.Line})";
    }

    /// <summary>
    /// Why a finding that rests on <paramref name="row"/> of <paramref name="policy"/> about <paramref name="day"/> cannot be a
    /// nonconformity; null when it can (a verified row of an edition in force on that day, or a verified policy that has no
    /// row for the algorithm at all).
    /// </summary>
    public static string? NotDecisive(CryptoPolicy policy, CryptoAlgorithm? row, DateOnly day)
    {
        if (row is null)
        {
            return policy.Confidence == Confidence.Verified ? Edition(policy, day) : $"{policy.Id} is not verified (confidence {policy.Confidence.ToText()}), so the absence of a row proves nothing";
        }

        if (row.Placeholder)
        {
            return $"{policy.Id} line {row.Line} is a placeholder value, not read in {policy.Document}";
        }

        if (row.Confidence != Confidence.Verified)
        {
            return $"{policy.Id} line {row.Line} was not verified in {policy.Document} (confidence {row.Confidence.ToText()})";
        }

        return Edition(policy, day);
    }

    private static string? Edition(CryptoPolicy policy, DateOnly day) => policy.InForceFrom is { } from && day < from
        ? $"{policy.Document} {policy.Version} applies from {from:yyyy-MM-dd}, after {day:yyyy-MM-dd}; the edition in force then was not read"
        : null;

    private static CryptoAlgorithm? SignatureRow(CryptoPolicy policy, string scheme, int bits) =>
        policy.Algorithms.FirstOrDefault(a => a.Type == CryptoAlgorithmType.Signature && a.Name == scheme
            && (a.MinKeyBits is null || bits >= a.MinKeyBits) && (a.MaxKeyBits is null || bits <= a.MaxKeyBits));

    private static RequirementNotMetException Finding(string id, string message, string expected, string observed, CryptoPolicy policy, CryptoAlgorithm? row, DateOnly day) =>
        new(id, message, expected, observed) { PlaceholderBasis = NotDecisive(policy, row, day) };

    /// <summary>
    /// TSP-ALG-001. EN 319 422 §5.2.3; CIR (EU) 2025/1929 Annex point 2(6): the SignerInfo's digest algorithm, the signature
    /// scheme and the TSU key size are acceptable under <paramref name="policy"/> at genTime. The digest and the scheme
    /// need no certificate; without one only the key size is left unjudged.
    /// </summary>
    public static void TokenAlgorithmsAcceptable(TimeStampToken token, X509Certificate2? certificate, CryptoPolicy policy) =>
        TokenAlgorithmsAcceptableOn(token, certificate, policy, GenTimeDay(token, "TSP-ALG-001"), "TSP-ALG-001", "at genTime");

    /// <summary>
    /// TSP-ALG-002 (informative). The same judgement at validation time (<paramref name="today"/>): an algorithm that was
    /// acceptable at genTime but no longer is makes the token due for renewal (RFC 3161 §4 item 3); it says nothing
    /// against the TSA, which did right at genTime.
    /// </summary>
    public static void TokenAlgorithmsStillAcceptable(TimeStampToken token, X509Certificate2? certificate, CryptoPolicy policy, DateOnly today) =>
        TokenAlgorithmsAcceptableOn(token, certificate, policy, today, "TSP-ALG-002", "at validation time");

    private static DateOnly GenTimeDay(TimeStampToken token, string id) =>
        DateOnly.FromDateTime((TokenRequirements.RequireTstInfo(token, id).GenTime
            ?? throw new RequirementNotMetException(id, "genTime cannot be read", "a GeneralizedTime", token.TstInfo?.GenTimeText)).UtcDateTime);

    private static void TokenAlgorithmsAcceptableOn(TimeStampToken token, X509Certificate2? certificate, CryptoPolicy policy, DateOnly day, string id, string when)
    {
        SignerInfo signer = CmsRequirements.RequireSigner(token, id);
        foreach (string digestOid in new[] { signer.DigestAlgorithmOid, HashInsideSignature(signer.SignatureAlgorithmOid) }.OfType<string>().Distinct())
        {
            CryptoAlgorithm? hash = policy.Hashes.FirstOrDefault(h => h.Oids.Contains(digestOid));
            if (hash is null || !AcceptedAt(hash, day))
            {
                throw Finding(id, $"the token's hash algorithm is not acceptable {when} ({day:yyyy-MM-dd})", "a hash the policy accepts on that day",
                    hash is null ? $"{digestOid}: not in {policy.Document} {policy.Version} ({policy.File})" : Says(policy, hash), policy, hash, day);
            }
        }

        string? scheme = SchemeOf(signer.SignatureAlgorithmOid, certificate);
        if (scheme is null)
        {
            throw Finding(id, $"the token's signature algorithm is not one the policy knows ({when}, {day:yyyy-MM-dd})", "a signature scheme the policy accepts",
                $"{signer.SignatureAlgorithmOid}: not in {policy.Document} {policy.Version} ({policy.File})", policy, null, day);
        }

        if (certificate is null)
        {
            if (!policy.Algorithms.Any(a => a.Type == CryptoAlgorithmType.Signature && a.Name == scheme && AcceptedAt(a, day)))
            {
                CryptoAlgorithm? any = policy.Algorithms.FirstOrDefault(a => a.Type == CryptoAlgorithmType.Signature && a.Name == scheme);
                throw Finding(id, $"the signature scheme is not acceptable {when} ({day:yyyy-MM-dd}) at any key size", "a signature scheme the policy accepts",
                    any is null ? $"{scheme}: no row in {policy.Id}" : Says(policy, any), policy, any, day);
            }

            return; // the key size needs the TSU certificate, which the token does not carry
        }

        (int bits, string key) = CertificateRequirements.KeySize(certificate);
        CryptoAlgorithm? row = SignatureRow(policy, scheme, bits);
        if (row is null || !AcceptedAt(row, day))
        {
            throw Finding(id, $"the signature scheme and key size are not acceptable {when} ({day:yyyy-MM-dd})", "a signature scheme and key size the policy accepts on that day",
                $"{signer.SignatureAlgorithmOid} ({scheme}), {key}: {(row is null ? $"no row in {policy.Id}" : Says(policy, row))}", policy, row, day);
        }
    }

    /// <summary>
    /// TSP-CERT-011. EN 319 422 §6.3/§6.5 (TS 119 312; ECCG ACM for qualified services): the TSU key's algorithm and size
    /// are acceptable at genTime; an RSA public exponent lies between 2^16 and 2^256 (TS 119 312 V2.1.1 §6.2.2.1).
    /// </summary>
    public static void TsuKeyAcceptable(X509Certificate2 certificate, CryptoPolicy policy, DateTimeOffset at)
    {
        const string id = "TSP-CERT-011";
        (int bits, string key) = CertificateRequirements.KeySize(certificate);
        string? scheme = certificate.PublicKey.Oid.Value switch
        {
            Oids.RsaEncryption => "rsa-pkcs1-v1_5",
            Oids.RsaPss => "rsassa-pss",
            Oids.EcPublicKey => "ecdsa",
            _ => null,
        };
        var rows = scheme is null ? [] : policy.Algorithms.Where(a => a.Type == CryptoAlgorithmType.Signature && (a.Name == scheme || (scheme == "rsa-pkcs1-v1_5" && a.Name == "rsassa-pss"))
            && (a.MinKeyBits is null || bits >= a.MinKeyBits) && (a.MaxKeyBits is null || bits <= a.MaxKeyBits)).ToList();
        DateOnly day = DateOnly.FromDateTime(at.UtcDateTime);
        if (!rows.Any(r => AcceptedAt(r, day)))
        {
            // Every row the judgement rests on must be decisive; the first one that is not says why.
            string? notDecisive = rows.Count == 0 ? NotDecisive(policy, null, day) : rows.Select(r => NotDecisive(policy, r, day)).FirstOrDefault(b => b is not null);
            throw new RequirementNotMetException(id, $"the TSU key is not acceptable on {day:yyyy-MM-dd}", "a key algorithm and size the policy accepts on that day",
                $"{key}: {(rows.Count == 0 ? $"no row in {policy.Id}" : string.Join("; ", rows.Select(r => Says(policy, r))))}") { PlaceholderBasis = notDecisive };
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            byte[] exponent = rsa.ExportParameters(false).Exponent!;
            var e = new System.Numerics.BigInteger(exponent, isUnsigned: true, isBigEndian: true);
            if (e <= 65536 || e.GetBitLength() > 256)
            {
                throw new RequirementNotMetException(id, "the RSA public exponent is outside 2^16 < e < 2^256 (TS 119 312 V2.1.1 §6.2.2.1)", "2^16 < e < 2^256", e.ToString())
                {
                    PlaceholderBasis = ExponentBoundNotDecisive(policy, day),
                };
            }
        }
    }

    /// <summary>
    /// The exponent bound is written here from TS 119 312 V2.1.1 §6.2.2.1, not read from a policy row: it decides only when
    /// the policy judged against is that verified edition, in force on the day judged.
    /// </summary>
    private static string? ExponentBoundNotDecisive(CryptoPolicy policy, DateOnly day) =>
        policy.Id == "ts119312-v2.1.1"
            ? NotDecisive(policy, null, day)
            : $"the exponent bound comes from TS 119 312 V2.1.1 §6.2.2.1, not from {policy.Id} ({policy.Document} {policy.Version}), the policy judged against";

    /// <summary>
    /// TSP-CERT-012. EN 319 421 TIS-7.6.5-01 (shall): the TSU certificate does not outlive the period its algorithm and key
    /// size are fit for. Judged against the policy as it stood when the certificate was issued (notBefore): an edition
    /// published later can show an observation, not a nonconformity.
    /// </summary>
    public static void CertificateValidityWithinAlgorithmLifetime(X509Certificate2 certificate, string signatureOid, CryptoPolicy policy)
    {
        const string id = "TSP-CERT-012";
        (int bits, string key) = CertificateRequirements.KeySize(certificate);
        string? scheme = SchemeOf(signatureOid, certificate);
        CryptoAlgorithm? row = scheme is null ? null : SignatureRow(policy, scheme, bits);
        DateOnly issued = DateOnly.FromDateTime(certificate.NotBefore.ToUniversalTime());
        if (row is null)
        {
            throw Finding(id, $"the TSU key has no row in {policy.Id}", "a policy row for the TSU's scheme and key size", $"{signatureOid}, {key}", policy, null, issued);
        }

        DateOnly notAfter = DateOnly.FromDateTime(certificate.NotAfter.ToUniversalTime());
        if (row.ValidUntil is { } until && notAfter > until)
        {
            throw Finding(id, $"the TSU certificate (issued {issued:yyyy-MM-dd}) is valid beyond the end date the policy gives {key}",
                $"notAfter on or before {until:yyyy-MM-dd}", $"notAfter {notAfter:yyyy-MM-dd}; {Says(policy, row)}", policy, row, issued);
        }
    }
}

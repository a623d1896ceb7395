using System.Security.Cryptography.X509Certificates;
using Conformance.Catalogue;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>
/// Algorithms judged against a versioned crypto policy (spec/crypto): EN 319 422 §5.2.3, §6.3, §6.5 with TS 119 312;
/// for qualified services CIR (EU) 2025/1929 Annex points 2(5)-2(8) with the ECCG Agreed Cryptographic Mechanisms.
/// </summary>
public static class AlgorithmRequirements
{
    /// <summary>The scheme name the crypto policies use for a signature algorithm OID (RFC 8017, RFC 4055, RFC 5758).</summary>
    public static string? SchemeOf(string signatureOid, X509Certificate2 certificate) => signatureOid switch
    {
        Oids.RsaPss => "rsassa-pss",
        Oids.RsaEncryption or "1.2.840.113549.1.1.5" or "1.2.840.113549.1.1.11" or "1.2.840.113549.1.1.12" or "1.2.840.113549.1.1.13"
            or "2.16.840.1.101.3.4.3.14" or "2.16.840.1.101.3.4.3.15" or "2.16.840.1.101.3.4.3.16" => "rsa-pkcs1-v1_5",
        _ when signatureOid.StartsWith("1.2.840.10045.4.", StringComparison.Ordinal) || signatureOid is "2.16.840.1.101.3.4.3.10" or "2.16.840.1.101.3.4.3.11" or "2.16.840.1.101.3.4.3.12" => "ecdsa",
        Oids.EcPublicKey => "ecdsa",
        _ => null,
    };

    private static bool AcceptedAt(CryptoAlgorithm row, DateOnly day) => row.Accepted && (row.ValidUntil is not { } until || day <= until);

    private static string Describe(CryptoAlgorithm row) =>
        $"{row.Name}{(row.MinKeyBits is { } min ? $" {min}..{row.MaxKeyBits?.ToString() ?? ""} bits" : "")}: {(row.Accepted ? "accepted" : "not accepted")}{(row.ValidUntil is { } u ? $" until {u:yyyy-MM-dd}" : "")} (line {row.Line})";

    private static CryptoAlgorithm? SignatureRow(CryptoPolicy policy, string scheme, int bits) =>
        policy.Algorithms.Where(a => a.Type == CryptoAlgorithmType.Signature && a.Name == scheme
            && (a.MinKeyBits is null || bits >= a.MinKeyBits) && (a.MaxKeyBits is null || bits <= a.MaxKeyBits)).FirstOrDefault();

    /// <summary>
    /// TSP-ALG-001. EN 319 422 §5.2.3; CIR (EU) 2025/1929 Annex point 2(6): the SignerInfo's digest algorithm, the
    /// signature scheme and the TSU key size are acceptable under <paramref name="policy"/> at genTime.
    /// </summary>
    public static void TokenAlgorithmsAcceptable(TimeStampToken token, X509Certificate2 certificate, CryptoPolicy policy)
    {
        const string id = "TSP-ALG-001";
        SignerInfo signer = CmsRequirements.RequireSigner(token, id);
        TstInfo tst = TokenRequirements.RequireTstInfo(token, id);
        DateOnly day = DateOnly.FromDateTime((tst.GenTime ?? DateTimeOffset.UtcNow).UtcDateTime);
        string where = $"{policy.Id} ({policy.File})";

        CryptoAlgorithm? hash = policy.Hashes.FirstOrDefault(h => h.Oids.Contains(signer.DigestAlgorithmOid));
        if (hash is null || !AcceptedAt(hash, day))
        {
            throw new RequirementNotMetException(id, $"the SignerInfo digest algorithm is not acceptable at genTime {day:yyyy-MM-dd} under {where}",
                "an accepted hash", hash is null ? $"{signer.DigestAlgorithmOid} (not in the policy)" : Describe(hash));
        }

        (int bits, string key) = CertificateRequirements.KeySize(certificate);
        string? scheme = SchemeOf(signer.SignatureAlgorithmOid, certificate);
        CryptoAlgorithm? row = scheme is null ? null : SignatureRow(policy, scheme, bits);
        if (row is null || !AcceptedAt(row, day))
        {
            throw new RequirementNotMetException(id, $"the signature algorithm and key size are not acceptable at genTime {day:yyyy-MM-dd} under {where}",
                "an accepted signature scheme and key size", $"{signer.SignatureAlgorithmOid} ({scheme ?? "unknown scheme"}), {key}: {(row is null ? "no matching policy entry" : Describe(row))}");
        }
    }

    /// <summary>
    /// TSP-CERT-011. EN 319 422 §6.3/§6.5 (TS 119 312; ECCG ACM for qualified services): the TSU key's algorithm and size
    /// are acceptable at genTime; an RSA public exponent lies between 2^16 and 2^256 (TS 119 312 §6.2.2.1).
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
            throw new RequirementNotMetException(id, $"the TSU key is not acceptable on {day:yyyy-MM-dd} under {policy.Id}", "an accepted key algorithm and size",
                $"{key}: {(rows.Count == 0 ? "no matching policy entry" : string.Join("; ", rows.Select(Describe)))}");
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null)
        {
            byte[] exponent = rsa.ExportParameters(false).Exponent!;
            var e = new System.Numerics.BigInteger(exponent, isUnsigned: true, isBigEndian: true);
            if (e <= 65536 || e.GetBitLength() > 256)
            {
                throw new RequirementNotMetException(id, "the RSA public exponent is outside 2^16 < e < 2^256", "2^16 < e < 2^256", e.ToString());
            }
        }
    }

    /// <summary>
    /// TSP-CERT-012. EN 319 421 TIS-7.6.5-01: the TSU certificate does not outlive the period its algorithm and key
    /// size are fit for: notAfter is not later than the policy's end date for the certificate's key.
    /// </summary>
    public static void CertificateValidityWithinAlgorithmLifetime(X509Certificate2 certificate, string signatureOid, CryptoPolicy policy)
    {
        const string id = "TSP-CERT-012";
        (int bits, string key) = CertificateRequirements.KeySize(certificate);
        string? scheme = SchemeOf(signatureOid, certificate);
        CryptoAlgorithm? row = scheme is null ? null : SignatureRow(policy, scheme, bits);
        if (row is null)
        {
            throw new RequirementNotMetException(id, $"the TSU key has no entry in {policy.Id}", "a policy entry for the TSU's scheme and key size", $"{signatureOid}, {key}");
        }

        DateOnly notAfter = DateOnly.FromDateTime(certificate.NotAfter.ToUniversalTime());
        if (row.ValidUntil is { } until && notAfter > until)
        {
            throw new RequirementNotMetException(id, $"the TSU certificate is valid beyond the end date {policy.Id} sets for {key}",
                $"notAfter on or before {until:yyyy-MM-dd}", $"notAfter {notAfter:yyyy-MM-dd} ({Describe(row)})");
        }
    }
}

using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>The TSU certificate profile: RFC 3161 §2.3, RFC 5280, EN 319 422 §6, EN 319 412-1/-2/-3/-5 as amended by EN 319 422.</summary>
public static partial class CertificateRequirements
{
    /// <summary>TSP-CERT-001. RFC 3161 §2.3, EN 319 422 §6.4: one extKeyUsage extension holding id-kp-timeStamping only.</summary>
    public static void ExtendedKeyUsageIsTimeStampingOnly(X509Certificate2 certificate)
    {
        const string id = "TSP-CERT-001";
        int count = CertificateMatching.CountExtensions(certificate, Oids.ExtendedKeyUsage);
        if (count != 1)
        {
            throw new RequirementNotMetException(id, "the TSU certificate does not have exactly one extKeyUsage extension", "1 extKeyUsage extension", $"{count}");
        }

        var purposes = ReadOids(CertificateMatching.Extension(certificate, Oids.ExtendedKeyUsage)!.RawData);
        if (purposes.Count != 1 || purposes[0] != Oids.TimeStamping)
        {
            throw new RequirementNotMetException(id, "the extKeyUsage holds other purposes than id-kp-timeStamping", Oids.TimeStamping, string.Join(", ", purposes));
        }
    }

    /// <summary>
    /// TSP-CERT-002. RFC 3161 §2.3 ("This extension MUST be critical"), EN 319 422 §6.4. EN 319 412-2 GEN-4.3.10-1
    /// does not apply: EN 319 422 §6.1 amends it for TSU certificates.
    /// </summary>
    public static void ExtendedKeyUsageIsCritical(X509Certificate2 certificate)
    {
        X509Extension? eku = CertificateMatching.Extension(certificate, Oids.ExtendedKeyUsage);
        if (eku is null || !eku.Critical)
        {
            throw new RequirementNotMetException("TSP-CERT-002", "the TSU certificate's extKeyUsage is not critical", "extKeyUsage present and critical",
                eku is null ? "extKeyUsage absent" : "non-critical");
        }
    }

    /// <summary>
    /// TSP-CERT-003. RFC 5280 §4.2.1.3; EN 319 412-2/-3 via EN 319 422 §6.1: keyUsage is present and allows only
    /// digitalSignature and/or nonRepudiation (contentCommitment).
    /// </summary>
    public static void KeyUsageIsSigningOnly(X509Certificate2 certificate)
    {
        const string id = "TSP-CERT-003";
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is null)
        {
            throw new RequirementNotMetException(id, "the TSU certificate has no keyUsage", "keyUsage with digitalSignature and/or nonRepudiation", "absent");
        }

        X509KeyUsageFlags other = keyUsage.KeyUsages & ~(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation);
        if (other != X509KeyUsageFlags.None || keyUsage.KeyUsages == X509KeyUsageFlags.None)
        {
            throw new RequirementNotMetException(id, "keyUsage allows more than signing", "digitalSignature and/or nonRepudiation only", keyUsage.KeyUsages.ToString());
        }
    }

    /// <summary>TSP-CERT-004. RFC 5280 §4.2.1.9: the TSU certificate is an end-entity certificate (no cA=TRUE).</summary>
    public static void IsEndEntity(X509Certificate2 certificate)
    {
        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
        {
            throw new RequirementNotMetException("TSP-CERT-004", "the TSU certificate is a CA certificate", "basicConstraints absent or cA FALSE", "cA TRUE");
        }
    }

    /// <summary>
    /// TSP-CERT-005. EN 319 422 §6.4 (should): privateKeyUsagePeriod limits the signing key, and its end comes before the
    /// certificate's. A SHOULD: EN 319 421 TIS-7.6.7-05 lets the TSA set the key's expiry in the cryptographic module
    /// instead, so a missing extension is an observation, never a nonconformity (see <see cref="KeyExpiryRequirements"/>).
    /// </summary>
    public static void PrivateKeyUsagePeriodLimitsTheKey(X509Certificate2 certificate)
    {
        const string id = "TSP-CERT-005";
        if (CertificateMatching.PrivateKeyUsagePeriod(certificate) is not { } pkup)
        {
            throw new RequirementNotMetException(id, "the TSU certificate has no privateKeyUsagePeriod", "privateKeyUsagePeriod (2.5.29.16) present", "absent");
        }

        DateTimeOffset notAfter = new(certificate.NotAfter.ToUniversalTime());
        if (pkup.NotAfter is not { } keyEnd || keyEnd >= notAfter)
        {
            throw new RequirementNotMetException(id, "the private key usage period does not end before the certificate",
                $"privateKeyUsagePeriod.notAfter before {notAfter:O}", pkup.NotAfter?.ToString("O") ?? "notAfter absent");
        }
    }

    /// <summary>The subject's attributes as (OID, value) in encoding order, the members of multi-valued RDNs included.</summary>
    public static IReadOnlyList<(string Oid, string Value)> SubjectAttributes(X509Certificate2 certificate) => SubjectName.Attributes(certificate.SubjectName);

    /// <summary>
    /// TSP-CERT-006. EN 319 422 §6.2: the subject has countryName (ISO 3166 code), organizationName (the TSA's name)
    /// and commonName (the TSU).
    /// </summary>
    public static void SubjectNamesTheTsaAndTsu(X509Certificate2 certificate)
    {
        const string id = "TSP-CERT-006";
        var attributes = SubjectAttributes(certificate);
        var missing = new[] { (Oids.CountryName, "countryName"), (Oids.OrganizationName, "organizationName"), (Oids.CommonName, "commonName") }
            .Where(a => !attributes.Any(x => x.Oid == a.Item1 && !string.IsNullOrWhiteSpace(x.Value))).Select(a => a.Item2).ToList();
        if (missing.Count > 0)
        {
            throw new RequirementNotMetException(id, "the TSU certificate's subject lacks attributes EN 319 422 §6.2 requires", "C, O and CN", $"missing {string.Join(", ", missing)} in {certificate.Subject}");
        }

        string country = attributes.First(a => a.Oid == Oids.CountryName).Value;
        if (!CountryCode().IsMatch(country))
        {
            throw new RequirementNotMetException(id, "countryName is not a two-letter country code", "ISO 3166-1 alpha-2", country);
        }
    }

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();

    [GeneratedRegex("^[A-Z]{3}[A-Z]{2}-.+$|^[A-Z]{2}:.+$")]
    private static partial Regex OrganizationIdentifierSyntax();

    /// <summary>
    /// TSP-CERT-007. EN 319 412-3 §4.2.1 (legal person) via EN 319 422 §6.1, EN 319 412-1 §5.1.4: countryName,
    /// organizationName, organizationIdentifier and commonName, one of each; organizationIdentifier follows the
    /// 412-1 form (3-letter type, 2-letter country, "-", identifier) and is not the organizationName. A subject with
    /// natural-person attributes (givenName, surname) is not a legal-person subject: not applicable.
    /// </summary>
    public static void LegalPersonSubject(X509Certificate2 certificate)
    {
        const string id = "TSP-CERT-007";
        var attributes = SubjectAttributes(certificate);
        if (attributes.Any(a => a.Oid is Oids.GivenName or Oids.Surname))
        {
            throw new NotApplicableException("the TSU certificate's subject is a natural person's (EN 319 412-2), not a legal person's");
        }

        foreach ((string oid, string name) in new[] { (Oids.CountryName, "countryName"), (Oids.OrganizationName, "organizationName"), (Oids.OrganizationIdentifier, "organizationIdentifier"), (Oids.CommonName, "commonName") })
        {
            int n = attributes.Count(a => a.Oid == oid);
            if (n != 1)
            {
                throw new RequirementNotMetException(id, $"the legal-person subject does not have exactly one {name}", $"1 {name}", $"{n} in {certificate.Subject}");
            }
        }

        string orgId = attributes.First(a => a.Oid == Oids.OrganizationIdentifier).Value;
        string org = attributes.First(a => a.Oid == Oids.OrganizationName).Value;
        if (!OrganizationIdentifierSyntax().IsMatch(orgId) || string.Equals(orgId, org, StringComparison.OrdinalIgnoreCase))
        {
            throw new RequirementNotMetException(id, "organizationIdentifier does not follow EN 319 412-1 §5.1.4", "e.g. VATBE-0123456789 or NTRNO-..., distinct from O", orgId);
        }
    }

    /// <summary>
    /// TSP-CERT-008. EN 319 412-2 §4.3 via EN 319 422 §6.1: authorityKeyIdentifier, certificatePolicies and
    /// authorityInfoAccess present; cRLDistributionPoints present when AIA has no OCSP responder; policyMappings,
    /// nameConstraints, policyConstraints and inhibitAnyPolicy absent.
    /// </summary>
    public static void ExtensionsFollowEn319412(X509Certificate2 certificate)
    {
        const string id = "TSP-CERT-008";
        var present = certificate.Extensions.Cast<X509Extension>().Select(e => e.Oid?.Value ?? "").ToHashSet();
        var missing = new List<string>();
        if (!present.Contains(Oids.AuthorityKeyIdentifier)) missing.Add("authorityKeyIdentifier");
        if (!present.Contains(Oids.CertificatePolicies)) missing.Add("certificatePolicies");
        if (!present.Contains(Oids.AuthorityInfoAccess)) missing.Add("authorityInfoAccess");
        else if (!AiaHasOcsp(CertificateMatching.Extension(certificate, Oids.AuthorityInfoAccess)!) && !present.Contains(Oids.CrlDistributionPoints))
        {
            missing.Add("cRLDistributionPoints (AIA names no OCSP responder)");
        }

        var forbidden = new[] { (Oids.PolicyMappings, "policyMappings"), (Oids.NameConstraints, "nameConstraints"), (Oids.PolicyConstraints, "policyConstraints"), (Oids.InhibitAnyPolicy, "inhibitAnyPolicy") }
            .Where(f => present.Contains(f.Item1)).Select(f => f.Item2).ToList();
        if (missing.Count > 0 || forbidden.Count > 0)
        {
            throw new RequirementNotMetException(id, "the TSU certificate's extensions do not follow EN 319 412-2 §4.3",
                "AKI, certificatePolicies, AIA (and CRLDP without OCSP) present; no policyMappings, nameConstraints, policyConstraints, inhibitAnyPolicy",
                string.Join("; ", new[] { missing.Count > 0 ? "missing " + string.Join(", ", missing) : null, forbidden.Count > 0 ? "present " + string.Join(", ", forbidden) : null }.Where(s => s is not null)));
        }
    }

    private static bool AiaHasOcsp(X509Extension aia)
    {
        AsnReader seq = new AsnReader(aia.RawData, AsnEncodingRules.BER).ReadSequence();
        while (seq.HasData)
        {
            AsnReader description = seq.ReadSequence();
            if (description.ReadObjectIdentifier() == Oids.Ocsp)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// TSP-CERT-009. RFC 5280 §6, EN 319 421 TIS-7.6.4-02/-05: the TSU certificate chains to one of the target's trust
    /// anchors, judged at genTime (revocation is TSP-CERT-010 and not checked here).
    /// </summary>
    public static void PathValidatesToTrustAnchor(X509Certificate2 certificate, IEnumerable<X509Certificate2> tokenCertificates, X509Certificate2Collection anchors, DateTimeOffset at)
    {
        const string id = "TSP-CERT-009";
        if (anchors.Count == 0)
        {
            throw new NotApplicableException("no trust anchors are declared for this target (trust-anchors in the target file)");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        foreach (X509Certificate2 extra in tokenCertificates)
        {
            chain.ChainPolicy.ExtraStore.Add(extra);
        }

        if (!chain.Build(certificate))
        {
            string status = string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}"));
            throw new RequirementNotMetException(id, "the TSU certificate does not validate to a declared trust anchor",
                "a valid path to one of: " + string.Join(" | ", anchors.Select(a => a.Subject)), $"{certificate.Subject}: {status} (at {at:O})");
        }
    }

    /// <summary>TSP-CERT-013 (informative; EU DSS default policy). The TSU certificate carries no id-pkix-ocsp-nocheck.</summary>
    public static void NoOcspNoCheck(X509Certificate2 certificate)
    {
        if (CertificateMatching.Extension(certificate, Oids.OcspNoCheck) is not null)
        {
            throw new RequirementNotMetException("TSP-CERT-013", "the TSU certificate carries id-pkix-ocsp-nocheck", "no ocsp-nocheck extension", Oids.OcspNoCheck);
        }
    }

    /// <summary>
    /// TSP-CERT-014. EN 319 412-5 (conditional): qcStatements in the TSU certificate, if any, are well formed, use
    /// QcType eseal when a QcType is given, and do not carry esi4-qtstStatement-1 (that statement belongs in the
    /// token, EN 319 422 §9.1). A TSU certificate need not be a qualified certificate, so QcCompliance is not required.
    /// </summary>
    public static void CertificateQcStatementsAreWellFormed(X509Certificate2 certificate)
    {
        const string id = "TSP-CERT-014";
        if (CertificateMatching.Extension(certificate, Oids.QcStatements) is not { } ext)
        {
            return;
        }

        List<(string Oid, ReadOnlyMemory<byte>? Info)> statements;
        try
        {
            statements = QcStatements.Decode(ext.RawData);
        }
        catch (AsnContentException e)
        {
            throw new RequirementNotMetException(id, "the certificate's qcStatements cannot be decoded", "QCStatements per RFC 3739 §3.2.6", e.Message);
        }

        if (statements.Any(s => s.Oid == Oids.EtsiQtstStatement))
        {
            throw new RequirementNotMetException(id, "the TSU certificate carries esi4-qtstStatement-1, which belongs in the token", "no esi4-qtstStatement-1 in the certificate", Oids.EtsiQtstStatement);
        }

        if (statements.FirstOrDefault(s => s.Oid == Oids.QcType) is { Info: { } info })
        {
            var types = ReadOids(info.ToArray());
            if (!types.Contains(Oids.QcTypeEseal))
            {
                throw new RequirementNotMetException(id, "QcType is not eseal for a TSU certificate", Oids.QcTypeEseal, string.Join(", ", types));
            }
        }
    }

    internal static List<string> ReadOids(byte[] sequenceOfOids)
    {
        var list = new List<string>();
        AsnReader seq = new AsnReader(sequenceOfOids, AsnEncodingRules.BER).ReadSequence();
        while (seq.HasData)
        {
            list.Add(seq.ReadObjectIdentifier());
        }

        return list;
    }

    /// <summary>The certificatePolicies OIDs of a certificate, empty when the extension is absent.</summary>
    public static IReadOnlyList<string> PolicyOids(X509Certificate2 certificate)
    {
        if (CertificateMatching.Extension(certificate, Oids.CertificatePolicies) is not { } ext)
        {
            return [];
        }

        var list = new List<string>();
        AsnReader seq = new AsnReader(ext.RawData, AsnEncodingRules.BER).ReadSequence();
        while (seq.HasData)
        {
            list.Add(seq.ReadSequence().ReadObjectIdentifier());
        }

        return list;
    }

    /// <summary>
    /// The signing key's size in bits (RSA modulus or EC field size) and a short description. Several checks of one token
    /// ask for its certificate's key size; the public key is decoded once per certificate object (the objects belong to
    /// one token, so nothing is shared between tokens).
    /// </summary>
    public static (int Bits, string Description) KeySize(X509Certificate2 certificate) =>
        KeySizes.GetValue(certificate, c => new KeySizeOf(ComputeKeySize(c))).Value;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<X509Certificate2, KeySizeOf> KeySizes = new();

    private sealed record KeySizeOf((int Bits, string Description) Value);

    private static (int Bits, string Description) ComputeKeySize(X509Certificate2 certificate)
    {
        using (RSA? rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return (rsa.KeySize, $"RSA {rsa.KeySize} bits");
            }
        }

        using (ECDsa? ec = certificate.GetECDsaPublicKey())
        {
            if (ec is not null)
            {
                return (ec.KeySize, $"EC {ec.KeySize} bits ({ec.ExportParameters(false).Curve.Oid?.FriendlyName ?? ec.ExportParameters(false).Curve.Oid?.Value})");
            }
        }

        return (0, $"key algorithm {certificate.PublicKey.Oid.Value}");
    }
}

/// <summary>QCStatements ::= SEQUENCE OF QCStatement; QCStatement ::= SEQUENCE { statementId OID, statementInfo ANY OPTIONAL } (RFC 3739 §3.2.6).</summary>
public static class QcStatements
{
    public static List<(string Oid, ReadOnlyMemory<byte>? Info)> Decode(ReadOnlyMemory<byte> value)
    {
        var list = new List<(string, ReadOnlyMemory<byte>?)>();
        var reader = new AsnReader(value, AsnEncodingRules.BER);
        AsnReader seq = reader.ReadSequence();
        Asn1Decoding.ExpectEnd(reader, "qcStatements");
        while (seq.HasData)
        {
            AsnReader statement = seq.ReadSequence();
            string oid = statement.ReadObjectIdentifier();
            ReadOnlyMemory<byte>? info = statement.HasData ? statement.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;
            Asn1Decoding.ExpectEnd(statement, "QCStatement");
            list.Add((oid, info));
        }

        return list;
    }
}

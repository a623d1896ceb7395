using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>
/// The TSU certificate as the token's signed attributes identify it: RFC 2634 §5.4 SigningCertificate (ESSCertID),
/// RFC 5035 SigningCertificateV2 (ESSCertIDv2), as RFC 3161, RFC 5816 and EN 319 422 use them (TSP-CMS-007..009).
/// </summary>
public static partial class CmsRequirements
{
    /// <summary>The certificate identifiers of the token's SigningCertificate(V2) attributes; v2 first.</summary>
    public static IReadOnlyList<EssCertId> SigningCertificateIds(SignerInfo signer, string id)
    {
        var ids = new List<EssCertId>();
        foreach ((string oid, int version) in new[] { (Oids.SigningCertificateV2, 2), (Oids.SigningCertificate, 1) })
        {
            foreach (CmsAttribute attribute in signer.SignedAttributesOf(oid))
            {
                foreach (ReadOnlyMemory<byte> value in attribute.Values)
                {
                    try
                    {
                        ids.AddRange(EssCertIds.Decode(value, version));
                    }
                    catch (AsnContentException e)
                    {
                        throw new RequirementNotMetException(id, $"the SigningCertificate{(version == 2 ? "V2" : "")} attribute cannot be decoded",
                            version == 2 ? "SigningCertificateV2 per RFC 5035" : "SigningCertificate per RFC 2634 §5.4", e.Message);
                    }
                }
            }
        }

        return ids;
    }

    /// <summary>
    /// TSP-CMS-007. RFC 3161 §2.4.2, RFC 5816 §2.2.1, EN 319 422 §5.2.2: the TSU certificate is identified by a
    /// SigningCertificate (ESSCertID) or SigningCertificateV2 (ESSCertIDv2) signed attribute.
    /// </summary>
    public static void SigningCertificateAttributePresent(TimeStampToken token)
    {
        const string id = "TSP-CMS-007";
        SignerInfo signer = RequireSigner(token, id);
        int v1 = signer.SignedAttributesOf(Oids.SigningCertificate).Count, v2 = signer.SignedAttributesOf(Oids.SigningCertificateV2).Count;
        if (v1 + v2 == 0)
        {
            throw new RequirementNotMetException(id, "no signing-certificate attribute in signedAttrs",
                $"SigningCertificate ({Oids.SigningCertificate}) or SigningCertificateV2 ({Oids.SigningCertificateV2})",
                "signed attributes: " + string.Join(", ", signer.SignedAttributes.Select(a => a.Oid)));
        }

        if (SigningCertificateIds(signer, id).Count == 0)
        {
            throw new RequirementNotMetException(id, "the signing-certificate attribute lists no certificate", "at least one ESSCertID(v2)", "an empty certs list");
        }
    }

    /// <summary>
    /// TSP-CMS-008. RFC 2634 §5.4 / RFC 5035 §3 as used by RFC 3161 and RFC 5816: the first ESSCertID(v2) identifies
    /// the signer's certificate: certHash is the hash of its DER encoding, and issuerSerial, if present, names its
    /// issuer and serial number. Further entries (the rest of the chain) are allowed.
    /// </summary>
    public static void SigningCertificateMatchesSigner(TimeStampToken token)
    {
        const string id = "TSP-CMS-008";
        X509Certificate2 certificate = RequireSignerCertificate(token, id);
        SignerInfo signer = token.Signer!;
        foreach ((string oid, int version) in new[] { (Oids.SigningCertificateV2, 2), (Oids.SigningCertificate, 1) })
        {
            foreach (CmsAttribute attribute in signer.SignedAttributesOf(oid))
            {
                IReadOnlyList<EssCertId> ids;
                try
                {
                    ids = EssCertIds.Decode(attribute.Values[0], version);
                }
                catch (AsnContentException e)
                {
                    throw new RequirementNotMetException(id, "the signing-certificate attribute cannot be decoded", "ESSCertID(v2) list", e.Message);
                }

                if (ids.Count == 0)
                {
                    continue;
                }

                EssCertId first = ids[0];
                string name = version == 2 ? "ESSCertIDv2" : "ESSCertID";
                byte[] expected = ComputeHash(id, first.HashAlgorithmOid, certificate.RawData);
                if (!expected.AsSpan().SequenceEqual(first.CertHash.Span))
                {
                    throw new RequirementNotMetException(id, $"the first {name}.certHash is not the hash of the signer's certificate ({certificate.Subject})",
                        Convert.ToHexString(expected) + $" ({first.HashAlgorithmOid})", Convert.ToHexString(first.CertHash.Span));
                }

                if (first.HasIssuerSerial)
                {
                    var serial = CertificateMatching.SerialOf(certificate);
                    bool issuerOk = first.IssuerDirectoryNames.Any(n => CertificateMatching.SameName(n.Span, certificate.IssuerName.RawData));
                    if (!issuerOk || first.Serial != serial)
                    {
                        throw new RequirementNotMetException(id, $"the first {name}.issuerSerial does not name the signer's certificate",
                            $"issuer {certificate.Issuer}, serial {serial}",
                            $"issuer {string.Join(" | ", first.IssuerDirectoryNames.Select(n => new X500DistinguishedName(n.Span).Name))}, serial {first.Serial}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// TSP-CMS-009. EN 319 422 §5.2.3 with TS 119 312 (CIR (EU) 2025/1929 Annex point 2(6): ECCG ACM): the TSU
    /// certificate is identified with ESSCertIDv2 and a hash other than SHA-1.
    /// </summary>
    public static void CertificateIdentifierAvoidsSha1(TimeStampToken token)
    {
        const string id = "TSP-CMS-009";
        SignerInfo signer = RequireSigner(token, id);
        IReadOnlyList<EssCertId> ids = SigningCertificateIds(signer, id);
        EssCertId? v2 = ids.FirstOrDefault(i => i.AttributeVersion == 2);
        if (v2 is null)
        {
            throw new RequirementNotMetException(id, "the TSU certificate is identified only by a SHA-1 ESSCertID", "SigningCertificateV2 with a hash other than SHA-1",
                ids.Count == 0 ? "no signing-certificate attribute" : "SigningCertificate (ESSCertID, SHA-1) only");
        }

        if (v2.HashAlgorithmOid == Oids.Sha1 || v2.HashAlgorithmOid == Oids.Md5)
        {
            throw new RequirementNotMetException(id, "the ESSCertIDv2 uses a weak hash", "a hash other than SHA-1 (e.g. SHA-256)", v2.HashAlgorithmOid);
        }
    }
}

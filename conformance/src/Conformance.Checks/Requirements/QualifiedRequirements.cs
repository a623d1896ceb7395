using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>EU-qualified time stamps: EN 319 422 §9.1 / Annex B (as adapted by CIR (EU) 2025/1929), EN 319 421 §8.</summary>
public static class QualifiedRequirements
{
    /// <summary>True when the token's TSTInfo carries a qcStatements extension naming esi4-qtstStatement-1.</summary>
    public static bool DeclaresQualified(TimeStampToken token)
    {
        if (token.TstInfo is not { } tst)
        {
            return false;
        }

        foreach (TstExtension extension in tst.ExtensionValues.Where(e => e.Oid == Oids.QcStatements))
        {
            try
            {
                if (QcStatements.Decode(extension.Value).Any(s => s.Oid == Oids.EtsiQtstStatement))
                {
                    return true;
                }
            }
            catch (AsnContentException)
            {
            }
        }

        return false;
    }

    /// <summary>TSP-QTS-001. EN 319 422 §9.1, CIR (EU) 2025/1929 Annex point 2(11): a qualified token has exactly one qcStatements extension.</summary>
    public static void HasOneQcStatementsExtension(TstInfo tst)
    {
        int count = tst.Extensions.Count(e => e.Oid == Oids.QcStatements);
        if (count != 1)
        {
            throw new RequirementNotMetException("TSP-QTS-001", "the token from the qualified service does not have exactly one qcStatements extension",
                $"1 qcStatements extension ({Oids.QcStatements})", $"{count}; extensions: {Describe(tst)}");
        }
    }

    /// <summary>
    /// TSP-QTS-002. EN 319 422 §9.1 and Annex B: the qcStatements extension holds one QCStatement,
    /// esi4-qtstStatement-1, without statementInfo (Annex B defines none).
    /// </summary>
    public static void QcStatementIsEsi4(TstInfo tst, string statementOid = Oids.EtsiQtstStatement)
    {
        const string id = "TSP-QTS-002";
        TstExtension? extension = tst.ExtensionValues.FirstOrDefault(e => e.Oid == Oids.QcStatements);
        if (extension is null)
        {
            throw new NotApplicableException("the token has no qcStatements extension (see TSP-QTS-001)");
        }

        List<(string Oid, ReadOnlyMemory<byte>? Info)> statements;
        try
        {
            statements = QcStatements.Decode(extension.Value);
        }
        catch (AsnContentException e)
        {
            throw new RequirementNotMetException(id, "the qcStatements extension cannot be decoded", "QCStatements (RFC 3739 §3.2.6)", e.Message);
        }

        if (statements.Count != 1 || statements[0].Oid != statementOid || statements[0].Info is not null)
        {
            throw new RequirementNotMetException(id, "qcStatements does not hold exactly the esi4-qtstStatement-1 statement", $"one QCStatement {statementOid} without statementInfo",
                string.Join("; ", statements.Select(s => s.Info is null ? s.Oid : s.Oid + " with statementInfo")));
        }
    }

    /// <summary>TSP-QTS-003. EN 319 422 §9.1: the qcStatements extension is not critical.</summary>
    public static void QcStatementsNotCritical(TstInfo tst)
    {
        if (tst.Extensions.Any(e => e.Oid == Oids.QcStatements && e.Critical))
        {
            throw new RequirementNotMetException("TSP-QTS-003", "the qcStatements extension is marked critical", "critical FALSE (absent)", "critical TRUE");
        }
    }

    /// <summary>
    /// TSP-QTS-004. EN 319 421 TIS-8.2-01: a TSU issuing qualified tokens issues no non-qualified ones. Every granted
    /// answer of the qualified service, whatever the variation of the request, carries esi4-qtstStatement-1 and is
    /// signed by the same TSU.
    /// </summary>
    public static void EveryTokenIsQualified(IReadOnlyList<(string Variation, TimeStampResponse Response)> answers)
    {
        const string id = "TSP-QTS-004";
        string? firstSigner = null, firstVariation = null;
        int granted = 0;
        foreach ((string variation, TimeStampResponse response) in answers)
        {
            if (!response.IsGranted || response.Token is not { } token)
            {
                continue;
            }

            granted++;
            if (!DeclaresQualified(token))
            {
                throw new RequirementNotMetException(id, "the qualified service issued a token without esi4-qtstStatement-1",
                    "every token carries esi4-qtstStatement-1", $"{variation}: extensions {(token.TstInfo is { } t ? Describe(t) : "unreadable")}");
            }

            string signer = token.Signer?.DescribeSid() + " " + (token.Signer?.SidIssuer is { } issuer ? new X500DistinguishedName(issuer.Span).Name : "");
            if (firstSigner is null)
            {
                (firstSigner, firstVariation) = (signer, variation);
            }
            else if (firstSigner != signer)
            {
                throw new RequirementNotMetException(id, "the qualified service signs with more than one TSU", $"{firstSigner} (as for {firstVariation})", $"{signer} for {variation}");
            }
        }

        if (granted == 0)
        {
            throw new TargetErrorException("the qualified service granted none of the request variations, so nothing could be examined");
        }
    }

    /// <summary>
    /// TSP-QTS-005. EN 319 421 TIS-8.2-02/-03: a TSA issuing both kinds uses different TSUs, with different subject
    /// names, at separate access points; no endpoint mixes the two kinds.
    /// </summary>
    public static void ServicesAreSeparated(X509Certificate2 nonQualifiedTsu, X509Certificate2 qualifiedTsu,
        IReadOnlyList<(string Variation, TimeStampResponse Response)> nonQualifiedAnswers)
    {
        const string id = "TSP-QTS-005";
        if (CertificateMatching.SameName(nonQualifiedTsu.SubjectName.RawData, qualifiedTsu.SubjectName.RawData))
        {
            throw new RequirementNotMetException(id, "the qualified and non-qualified services use TSU certificates with the same subject name",
                "different subject names", nonQualifiedTsu.Subject);
        }

        foreach ((string variation, TimeStampResponse response) in nonQualifiedAnswers)
        {
            if (response.IsGranted && response.Token is { } token && DeclaresQualified(token))
            {
                throw new RequirementNotMetException(id, "the non-qualified service issued a token declared qualified", "no esi4-qtstStatement-1 from the non-qualified service", variation);
            }
        }
    }

    /// <summary>
    /// TSP-QTS-007. EN 319 421 TIS-8.1-01/-02: the TSU certificate is issued under NCP+ (or QCP-l / QCP-l-qscd). The OID
    /// in certificatePolicies is only an observable stand-in: when none of the ETSI policies is named, the CA's own
    /// policy has to show it (not applicable here, with that warning). A certificate that names only other
    /// EN 319 411 policies (e.g. LCP, NCP, QCP-n, QCP-w) is a finding.
    /// </summary>
    public static void TsuCertificateUnderNcpPlus(X509Certificate2 certificate)
    {
        const string id = "TSP-QTS-007";
        IReadOnlyList<string> policies = CertificateRequirements.PolicyOids(certificate);
        string[] accepted = [Oids.NcpPlus, Oids.QcpLegal, Oids.QcpLegalQscd];
        if (policies.Any(accepted.Contains))
        {
            return;
        }

        var etsi = policies.Where(p => p.StartsWith("0.4.0.2042.1.", StringComparison.Ordinal) || p.StartsWith("0.4.0.194112.1.", StringComparison.Ordinal)).ToList();
        if (etsi.Count > 0)
        {
            throw new RequirementNotMetException(id, "the TSU certificate is issued under an EN 319 411 policy other than NCP+ / QCP-l / QCP-l-qscd",
                string.Join(" or ", accepted), string.Join(", ", etsi));
        }

        throw new NotApplicableException(
            $"warning: certificatePolicies ({(policies.Count == 0 ? "absent" : string.Join(", ", policies))}) names neither NCP+ nor QCP-l/QCP-l-qscd; TIS-8.1-01 has to be shown from the issuing CA's policy (attested evidence)");
    }

    private static string Describe(TstInfo tst) =>
        tst.Extensions.Count == 0 ? "none" : string.Join(", ", tst.Extensions.Select(e => e.Oid + (e.Critical ? " (critical)" : "")));
}

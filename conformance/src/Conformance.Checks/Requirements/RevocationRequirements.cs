using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Revocation;

namespace Conformance.Checks.Requirements;

/// <summary>
/// TSP-CERT-010. RFC 3161 §4: a relying party checks that the TSU certificate was not revoked; a revocation for key
/// compromise, or without a reason, taints every token of that key, other reasons only later ones. The revocation
/// information itself must be usable: a CRL signed by the certificate's issuer, for that issuer, and current.
/// </summary>
public static class RevocationRequirements
{
    private const string Id = "TSP-CERT-010";

    public static void NotRevoked(X509Certificate2 certificate, X509Certificate2? issuer, RevocationLookup lookup, DateTimeOffset now, DateTimeOffset? genTime)
    {
        if (lookup.Crls.Count == 0 && lookup.OcspAnswers.Count == 0)
        {
            throw new TargetErrorException($"could not check whether {certificate.Subject} is revoked: {string.Join("; ", lookup.Problems.DefaultIfEmpty("no source"))}. "
                + "Give the CA's CRL as a file (revocation: crls: [FILE] in the target file) when its distribution point cannot be reached from here");
        }

        var answers = new List<RevocationAnswer>(lookup.OcspAnswers);
        foreach (CrlSource crl in lookup.Crls)
        {
            if (!crl.IsIssuedBy(certificate))
            {
                throw new RequirementNotMetException(Id, $"the CRL at {crl.Origin} is not issued by the TSU certificate's issuer",
                    certificate.Issuer, crl.Issuer);
            }

            if (issuer is null)
            {
                throw new TargetErrorException($"the CRL at {crl.Origin} cannot be verified: the issuer's certificate ({certificate.Issuer}) is neither in the token nor among the trust anchors");
            }

            if (!crl.SignatureVerifies(issuer, out string detail))
            {
                throw new RequirementNotMetException(Id, $"the signature of the CRL at {crl.Origin} does not verify with the issuer's key",
                    $"signed by {issuer.Subject}", detail);
            }

            if (crl.NextUpdate is not { } next)
            {
                throw new RequirementNotMetException(Id, $"the CRL at {crl.Origin} has no nextUpdate, so its freshness cannot be judged (RFC 5280 §5.1.2.5)",
                    "nextUpdate present", "absent");
            }

            if (next < now)
            {
                throw new RequirementNotMetException(Id, $"the CRL at {crl.Origin} is out of date: revocation status at validation time is unknown",
                    $"nextUpdate after {now:O}", $"nextUpdate {next:O} (thisUpdate {crl.ThisUpdate:O})");
            }

            if (crl.ThisUpdate > now.AddMinutes(5))
            {
                throw new RequirementNotMetException(Id, $"the CRL at {crl.Origin} is dated in the future", $"thisUpdate before {now:O}", $"thisUpdate {crl.ThisUpdate:O}");
            }

            answers.Add(crl.Lookup(certificate));
        }

        if (answers.FirstOrDefault(a => a.Revoked) is { } revoked)
        {
            string scope = CrlReasons.InvalidatesEveryToken(revoked.Reason)
                ? "every token signed with this key is invalid, whatever its genTime"
                : genTime is { } t && revoked.RevokedAt is { } at && t < at
                    ? $"tokens made before {at:O} (this one: {t:O}) remain valid, later ones do not"
                    : "tokens made after the revocation are invalid";
            throw new RequirementNotMetException(Id, $"the TSU certificate {certificate.Subject} is revoked ({revoked.Source}); {scope}",
                "not revoked at validation time", revoked.Detail);
        }
    }
}

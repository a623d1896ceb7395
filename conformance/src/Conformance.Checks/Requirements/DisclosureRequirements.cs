using Conformance.Checks.Disclosure;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Requirements;

/// <summary>
/// TSP-SVC-001: what the TSA discloses matches what it does. EN 319 421 OVR-5.2-01/-01A/-02 (the disclosure statement
/// lists the supported policy OIDs, BTSP among them), OVR-6.2-02 a) and b) (for each policy, the accepted hash
/// algorithms and the accuracy against UTC). Tokens and the hashes the TSA accepts are compared with the statement.
/// </summary>
public static class DisclosureRequirements
{
    private const string Id = "TSP-SVC-001";

    /// <summary>Without a disclosure statement nothing can be compared: the check needs evidence, it never passes.</summary>
    public static DisclosureStatement Require(DisclosureStatement? statement) =>
        statement ?? throw new NeedsAttestedEvidenceException(Id,
            "no machine-readable disclosure statement was given (disclosure: FILE in the target file, format in spec/examples/disclosure.example.yaml), "
            + "so tokens cannot be compared with what the TSA discloses",
            "the published TSA disclosure statement (policy OIDs with BTSP, accepted hash algorithms and accuracy per policy), or give its extract to the suite");

    /// <summary>OVR-5.2-01A/-02: BTSP (0.4.0.2023.1.1) is listed, beside any policy of the TSA's own.</summary>
    public static void ListsBtsp(DisclosureStatement statement)
    {
        if (statement.Find(Oids.BestPracticesTimeStampPolicy) is null)
        {
            throw new RequirementNotMetException(Id, $"the disclosure statement ({statement.Source}) does not list the BTSP identifier",
                $"{Oids.BestPracticesTimeStampPolicy} among the disclosed policies", string.Join(", ", statement.Policies.Select(p => p.Oid)));
        }
    }

    /// <summary>
    /// <see cref="TokenMatchesDisclosure"/> for every token granted in <paramref name="answers"/> (one request per
    /// disclosed policy and one without); with none granted no token could be compared, so the check is not judged.
    /// </summary>
    public static void GrantedTokensMatchDisclosure(DisclosureStatement statement, IReadOnlyList<(string Variation, TimeStampExchange Exchange)> answers)
    {
        int granted = 0;
        foreach ((string variation, TimeStampExchange exchange) in answers)
        {
            if (exchange.Response is { IsGranted: true, Token.TstInfo: { } tst })
            {
                granted++;
                TokenMatchesDisclosure(statement, tst, variation);
            }
        }

        if (granted == 0)
        {
            answers.FirstOrDefault().Exchange?.RequireResponse();
            throw new TargetErrorException("no request was granted, so no token could be compared with the disclosure statement");
        }
    }

    /// <summary>
    /// OVR-5.2-01, OVR-6.2-02: the token's policy is disclosed, its imprint uses a hash disclosed for that policy, and
    /// its accuracy is present and no coarser than the accuracy disclosed for that policy.
    /// </summary>
    public static void TokenMatchesDisclosure(DisclosureStatement statement, TstInfo tst, string where)
    {
        DisclosedPolicy policy = statement.Find(tst.Policy) ?? throw new RequirementNotMetException(Id,
            $"a token ({where}) carries a policy the disclosure statement does not list", string.Join(" or ", statement.Policies.Select(p => p.Oid)), tst.Policy);

        if (!policy.Hashes.Any(h => h.Oid == tst.HashAlgorithmOid))
        {
            throw new RequirementNotMetException(Id, $"a token ({where}) stamps an imprint hash the disclosure statement does not list for policy {policy.Oid}",
                string.Join(", ", policy.Hashes.Select(h => h.Name)), ImprintAlgorithm.NameOf(tst.HashAlgorithmOid));
        }

        if (tst.Accuracy is not { } accuracy)
        {
            throw new RequirementNotMetException(Id, $"a token ({where}) states no accuracy, so it cannot be held to the disclosed accuracy",
                $"accuracy at most {policy.Accuracy.TotalSeconds:0.######} s", "accuracy absent");
        }

        if (accuracy.TotalMicroseconds > (long)(policy.Accuracy.Ticks / TimeSpan.TicksPerMicrosecond))
        {
            throw new RequirementNotMetException(Id, $"a token ({where}) states a coarser accuracy than disclosed for policy {policy.Oid}",
                $"at most {policy.Accuracy.TotalSeconds:0.######} s", accuracy.ToString());
        }
    }

    /// <summary>
    /// OVR-6.2-02 a): every hash disclosed for the policy the endpoint uses is accepted, and a hash not disclosed is not.
    /// <paramref name="answers"/> holds one request per imprint algorithm sent to one endpoint.
    /// </summary>
    public static void AcceptedHashesMatchDisclosure(DisclosureStatement statement, IReadOnlyList<(ImprintAlgorithm Algorithm, TimeStampExchange Exchange)> answers)
    {
        var problems = new List<string>();
        // The endpoint's own policy, seen in any token it granted: a refusal is judged against that policy's hashes.
        DisclosedPolicy? endpointPolicy = answers.Select(a => a.Exchange.Response is { IsGranted: true, Token.TstInfo: { } t } ? statement.Find(t.Policy) : null)
            .FirstOrDefault(p => p is not null);
        foreach ((ImprintAlgorithm algorithm, TimeStampExchange exchange) in answers)
        {
            if (!exchange.Http.IsSuccessStatus || exchange.Response is null)
            {
                // Refused at the HTTP level: the hash was not accepted.
                CheckRefusal(algorithm, exchange, "HTTP " + (int)exchange.Http.StatusCode);
                continue;
            }

            TimeStampResponse response = exchange.Response;
            if (response.IsGranted && response.Token?.TstInfo is { } tst)
            {
                DisclosedPolicy? policy = statement.Find(tst.Policy);
                if (policy is not null && !policy.Hashes.Contains(algorithm))
                {
                    problems.Add($"{algorithm.Name} was accepted at {exchange.Http.Url} (policy {tst.Policy}) but is not disclosed for that policy");
                }
            }
            else
            {
                CheckRefusal(algorithm, exchange, response.StatusText + (response.FailInfo is { } f ? $", failInfo {f}" : ""));
            }
        }

        if (problems.Count > 0)
        {
            throw new RequirementNotMetException(Id, "the hash algorithms the TSA accepts differ from those it discloses",
                statement.Describe(), string.Join("; ", problems));
        }

        void CheckRefusal(ImprintAlgorithm algorithm, TimeStampExchange exchange, string how)
        {
            // Without a granted token the endpoint's policy is unknown: then only a hash disclosed for every policy must be accepted.
            bool disclosed = endpointPolicy is not null ? endpointPolicy.Hashes.Contains(algorithm) : statement.Policies.All(p => p.Hashes.Contains(algorithm));
            if (disclosed)
            {
                problems.Add($"{algorithm.Name} is disclosed{(endpointPolicy is null ? "" : $" for policy {endpointPolicy.Oid}")} but {exchange.Http.Url} refused it ({how})");
            }
        }
    }
}

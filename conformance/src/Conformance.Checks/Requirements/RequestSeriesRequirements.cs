using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Requirements;

/// <summary>
/// Judgments over a series of requests that vary one thing (the hash algorithm, the requested policy, or just many
/// at once) and the answers they got. Each variation is named as the series was built ("SHA-384", "1.2.3 (declared)").
/// </summary>
public static class RequestSeriesRequirements
{
    /// <summary>TSP-REQ-013. EN 319 422 §5.1.3: every hash algorithm the TSA declares is accepted, so every request is granted with a token.</summary>
    public static void EveryDeclaredHashGranted(IReadOnlyList<(string Variation, TimeStampExchange Exchange)> series)
    {
        foreach ((string variation, TimeStampExchange exchange) in series)
        {
            TimeStampResponse response = exchange.RequireResponse();
            if (!response.IsGranted || response.Token is null)
            {
                throw new RequirementNotMetException("TSP-REQ-013", $"a request with a {variation} imprint was not granted", "granted with a token",
                    response.StatusText + (response.FailInfo is { } f ? $", failInfo {f}" : ""));
            }
        }
    }

    /// <summary>
    /// TSP-REQ-005. EN 319 422 §5.1.2, RFC 3161 §2.4.2: every granted token carries the policy its request named, and at
    /// least one declared policy is granted (a TSA may serve some of its declared policies at another endpoint only).
    /// When nothing was granted and only the profile's policy was asked for (<paramref name="declaredPolicyRequested"/>
    /// false), the TSA refused nothing it claims: a TSA whose own policy incorporates the profile's may do so (EN 319 422
    /// Annex A), so the check is not applicable and says what the TSA answered.
    /// </summary>
    public static void RequestedPoliciesHonoured(IReadOnlyList<(string Variation, TimeStampExchange Exchange)> series, bool declaredPolicyRequested)
    {
        const string id = "TSP-REQ-005";
        var granted = series.Where(s => s.Exchange.Response is { IsGranted: true, Token: not null }).ToList();
        foreach ((string _, TimeStampExchange exchange) in granted)
        {
            RequestRequirements.RequestedPolicyIsHonoured(exchange.Request, TokenRequirements.RequireTstInfo(exchange.Response!.Token!, id));
        }

        if (granted.Count > 0)
        {
            return;
        }

        string answers = string.Join("; ", series.Select(s => $"{s.Variation}: {s.Exchange.Response?.Describe() ?? s.Exchange.Http.Describe()}"));
        if (!declaredPolicyRequested)
        {
            throw new NotApplicableException($"the TSA refused the profile's policy and the target declares none of its own (policy-oids): {answers}");
        }

        throw new RequirementNotMetException(id, "none of the declared policies was granted when requested", "at least one declared policy granted", answers);
    }

    /// <summary>
    /// TSP-TST-004. RFC 3161 §2.4.2: each granted token's serial number is recorded in <paramref name="serials"/> (shared
    /// by the run's scenarios), where a repeat is the finding. Judged only when every request was granted: with none
    /// granted nothing could be compared, and with some refused the check is not fully judged; both end the scenario as
    /// an error saying what the refused requests got.
    /// </summary>
    public static void SerialsUnique(IReadOnlyList<(string Variation, TimeStampExchange Exchange)> series, TstInfoRequirements.SerialRegistry serials)
    {
        int granted = 0;
        foreach ((string variation, TimeStampExchange exchange) in series)
        {
            if (exchange.Response is { IsGranted: true, Token: { } token })
            {
                granted++;
                serials.Record(token, $"{variation} ({string.Join(", ", exchange.EvidenceFiles.Where(f => f.EndsWith(".tst", StringComparison.Ordinal)))})");
            }
        }

        if (granted == 0)
        {
            series.FirstOrDefault().Exchange?.RequireResponse();
            throw new TargetErrorException("none of the requests was granted, so no serial numbers could be compared");
        }

        if (granted < series.Count)
        {
            // The serials of the granted tokens are unique (a repeat would have been the finding above), but the check is
            // about all of the requests: say how many were judged and what the others got.
            var refused = series.Where(s => s.Exchange.Response is not { IsGranted: true, Token: not null }).ToList();
            string answers = string.Join("; ", refused.Select(s => s.Exchange.Response?.Describe() ?? s.Exchange.Http.Describe()).Distinct().Take(3));
            throw new TargetErrorException($"not fully judged: {granted} of {series.Count} requests were granted and their serial numbers are all different; "
                + $"{refused.Count} got no token ({answers})");
        }
    }
}

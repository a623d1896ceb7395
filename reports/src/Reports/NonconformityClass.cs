namespace Reports;

/// <summary>
/// Major or minor, for nonconformities (the severity model decides nonconformity vs observation; this says how grave).
/// Major: the finding makes tokens unverifiable or untrustworthy, or concerns the TSU's key, certificate, algorithms,
/// time or the qualified claim (token structure TSP-CMS, token content TSP-TST, certificate TSP-CERT, algorithms TSP-ALG,
/// time TSP-TIME, qualified tokens TSP-QTS, eIDAS Art. 42 EIDAS-*, white-box key and clock TSP-REF, and anything not
/// listed as minor). Minor: the protocol and service handling around valid tokens (request handling TSP-REQ, response
/// status TSP-RESP, HTTP transport TSP-HTTP, disclosure TSP-SVC), where tokens that are issued stay verifiable.
/// </summary>
public static class NonconformityClass
{
    public const string Major = "major";
    public const string Minor = "minor";

    private static readonly string[] MinorGroups = ["TSP-REQ-", "TSP-RESP-", "TSP-HTTP-", "TSP-SVC-"];

    public static (string Class, string Why) Of(Finding f)
    {
        var ids = f.View.Scenario.RequirementIds;
        bool minor = ids.Count > 0 && ids.All(id => MinorGroups.Any(g => id.StartsWith(g, StringComparison.Ordinal))
            || !id.StartsWith("TSP-", StringComparison.Ordinal) && ids.Any(other => MinorGroups.Any(g => other.StartsWith(g, StringComparison.Ordinal))));
        return minor
            ? (Minor, "protocol or service handling; the tokens issued stay verifiable")
            : (Major, "bears on whether tokens can be verified or trusted (structure, content, certificate, algorithm, time, key or qualified claim)");
    }
}

using Conformance.Catalogue;

namespace Reports;

/// <summary>
/// A first pointer for the TSA operator: specific advice for the checks whose fix is well known, otherwise the
/// requirement's own statement (what must hold), so every finding has an actionable line.
/// </summary>
public static class RemediationHints
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["TSP-HTTP-001"] = "Serve POST requests of type application/timestamp-query and answer with a DER TimeStampResp as application/timestamp-reply (RFC 3161 §3.4).",
        ["TSP-HTTP-002"] = "Answer every well-formed request with a TimeStampResp or an HTTP error status; never with an HTML page or an empty body.",
        ["TSP-REQ-001"] = "Grant version 1 requests with a SHA-256 imprint; check the hash algorithm allow-list and the policy selection of the TSU.",
        ["TSP-REQ-002"] = "Copy the request's nonce into TSTInfo.nonce unchanged, as an INTEGER of any length.",
        ["TSP-REQ-004"] = "Include the TSU certificate in SignedData.certificates only when certReq is TRUE.",
        ["TSP-TST-001"] = "Issue TSTInfo version 1.",
        ["TSP-TST-008"] = "Declare TSTInfo.accuracy of one second or better, and keep the TSU clock synchronised to UTC(k) within it (EN 319 421 §7.7.2).",
    };

    public static string For(ReportScenario scenario, IReadOnlyList<Requirement> requirements)
    {
        foreach (string id in scenario.RequirementIds)
        {
            if (Known.TryGetValue(id, out string? hint))
            {
                return hint;
            }
        }

        return requirements.Count > 0
            ? "Make the service meet: " + string.Join(" ", requirements.Select(r => r.Statement))
            : "See the requirement cited; the scenario's steps show what was checked.";
    }
}

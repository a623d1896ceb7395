using System.Globalization;
using System.Text;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Requirements;

/// <summary>
/// TSP-RESP-004. RFC 3161 §2.4.2: a TSA that grants a request but changes something in it says so with status
/// grantedWithMods (1). The suite compares every granted token with its request (policy, imprint, nonce), writes the
/// differences into the evidence, and finds fault only with a change under plain "granted" (0), which hides it.
/// </summary>
public static class ModificationRequirements
{
    private const string Id = "TSP-RESP-004";

    /// <summary>What differs between the request and the token it produced; empty when the token reflects the request.</summary>
    public static IReadOnlyList<string> Differences(TimeStampRequest request, TstInfo tst)
    {
        var differences = new List<string>();
        if (request.RequestedPolicy is { } policy && policy != tst.Policy)
        {
            differences.Add($"policy: requested {policy}, token {tst.Policy}");
        }

        if (request.HashAlgorithmOid != tst.HashAlgorithmOid)
        {
            differences.Add($"imprint hash algorithm: requested {request.HashAlgorithmOid}, token {tst.HashAlgorithmOid}");
        }

        if (!request.HashedMessage.Span.SequenceEqual(tst.HashedMessage.Span))
        {
            differences.Add($"imprint: requested {Convert.ToHexStringLower(request.HashedMessage.Span)}, token {Convert.ToHexStringLower(tst.HashedMessage.Span)}");
        }

        if (request.Nonce != tst.Nonce)
        {
            differences.Add($"nonce: requested {request.Nonce?.ToString(CultureInfo.InvariantCulture) ?? "none"}, token {tst.Nonce?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        }

        return differences;
    }

    /// <summary>
    /// Examines every granted answer in <paramref name="answers"/> and returns the modification report (one block per
    /// answer). Throws when a token differs from its request under status granted (0).
    /// </summary>
    public static string ModificationsAreDeclared(IReadOnlyList<(string Variation, TimeStampExchange Exchange)> answers)
    {
        var report = new StringBuilder();
        var hidden = new List<string>();
        int granted = 0;
        foreach ((string variation, TimeStampExchange exchange) in answers)
        {
            if (exchange.Response is not { IsGranted: true, Token.TstInfo: { } tst } response)
            {
                report.Append(CultureInfo.InvariantCulture, $"{variation}: {exchange.Response?.StatusText ?? exchange.Http.Describe()} (no token to compare)\n");
                continue;
            }

            granted++;
            IReadOnlyList<string> differences = Differences(exchange.Request, tst);
            report.Append(CultureInfo.InvariantCulture, $"{variation}: {response.StatusText}");
            report.Append(differences.Count == 0 ? ", the token reflects the request\n" : $", modified: {string.Join("; ", differences)}\n");
            if (response.Status == 1 && differences.Count == 0)
            {
                report.Append("  grantedWithMods without a visible change: the TSA changed something the token does not show");
                report.Append(response.StatusStrings.Count > 0 ? $" (statusString: {string.Join(" / ", response.StatusStrings)})\n" : " and gave no statusString\n");
            }

            if (response.Status == 0 && differences.Count > 0)
            {
                hidden.Add($"{variation}: {string.Join("; ", differences)}");
            }
        }

        if (granted == 0)
        {
            answers.FirstOrDefault().Exchange?.RequireResponse();
            throw new TargetErrorException("none of the requests was granted, so no token could be compared with its request");
        }

        if (hidden.Count > 0)
        {
            throw new RequirementNotMetException(Id, "a token differs from its request although the status says granted, not grantedWithMods",
                "status grantedWithMods (1) for a modified request", string.Join(" | ", hidden));
        }

        return report.ToString();
    }
}

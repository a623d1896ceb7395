using ReferenceTsa.Configuration;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Issuance;

/// <summary>
/// Builds one service access point (Tsa:Endpoints:NAME) into an <see cref="IssuancePolicy"/>: its URL path, the TSU
/// behind it, the policy OIDs, the accepted imprint hashes, the declared accuracy and the genTime precision. Any
/// problem names its setting and the endpoint is null.
/// </summary>
public static class EndpointSettings
{
    private static readonly string[] ReservedPaths = ["/healthz", "/readyz", "/metrics"];

    /// <param name="endpoints">All configured endpoints, to refuse a path two of them share.</param>
    /// <param name="configuredTsus">The names under Tsa:Tsus.</param>
    /// <param name="tsus">The TSUs that loaded; an endpoint whose TSU did not load is not built.</param>
    public static IssuancePolicy? Build(string name, EndpointOptions endpoint, IReadOnlyDictionary<string, EndpointOptions> endpoints,
        IReadOnlyCollection<string> configuredTsus, IReadOnlyDictionary<string, TimeStampingUnit> tsus, List<ConfigurationProblem> problems)
    {
        string prefix = $"Tsa:Endpoints:{name}";
        int before = problems.Count;
        string path = endpoint.Path ?? "";
        CheckPath(prefix, name, endpoint, path, endpoints, problems);
        if (endpoint.Tsu is null || !configuredTsus.Contains(endpoint.Tsu))
        {
            problems.Add(new($"{prefix}:Tsu", $"'{endpoint.Tsu}' names no configured TSU (Tsa:Tsus)"));
        }

        CheckPolicies(prefix, endpoint, problems);
        var hashes = AcceptedHashes(prefix, endpoint, problems);
        var accuracy = CheckAccuracy(prefix, endpoint, problems);
        if (problems.Count > before || !tsus.TryGetValue(endpoint.Tsu!, out var tsu))
        {
            return null;
        }

        return new IssuancePolicy
        {
            Name = name,
            Path = path,
            Tsu = tsu,
            DefaultPolicyOid = endpoint.Policy!,
            AcceptedPolicyOids = [endpoint.Policy!, .. endpoint.AcceptedPolicies.Where(p => p != endpoint.Policy)],
            AcceptedHashes = hashes,
            Accuracy = accuracy,
            GenTimeFractionDigits = endpoint.GenTimeFractionDigits,
            IncludeTsaName = endpoint.IncludeTsaName,
            Qualified = endpoint.Qualified,
        };
    }

    private static void CheckPath(string prefix, string name, EndpointOptions endpoint, string path,
        IReadOnlyDictionary<string, EndpointOptions> endpoints, List<ConfigurationProblem> problems)
    {
        if (!path.StartsWith('/') || path.Length < 2 || path.Contains("//", StringComparison.Ordinal))
        {
            problems.Add(new($"{prefix}:Path", $"'{endpoint.Path}' is not a URL path such as /tsa"));
        }
        else if (ReservedPaths.Contains(path, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(new($"{prefix}:Path", $"{path} is reserved for health and metrics"));
        }
        else if (endpoints.Any(e => e.Key != name && string.Equals(e.Value.Path, path, StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add(new($"{prefix}:Path", $"{path} is used by another endpoint too"));
        }
    }

    private static void CheckPolicies(string prefix, EndpointOptions endpoint, List<ConfigurationProblem> problems)
    {
        if (!IsOid(endpoint.Policy))
        {
            problems.Add(new($"{prefix}:Policy", $"'{endpoint.Policy}' is not an object identifier"));
        }

        for (int i = 0; i < endpoint.AcceptedPolicies.Count; i++)
        {
            if (!IsOid(endpoint.AcceptedPolicies[i]))
            {
                problems.Add(new($"{prefix}:AcceptedPolicies:{i}", $"'{endpoint.AcceptedPolicies[i]}' is not an object identifier"));
            }
        }
    }

    /// <summary>The accepted imprint hashes (default: <see cref="DigestAlgorithm.DefaultAccepted"/>); broken ones are refused.</summary>
    private static List<DigestAlgorithm> AcceptedHashes(string prefix, EndpointOptions endpoint, List<ConfigurationProblem> problems)
    {
        var hashes = new List<DigestAlgorithm>();
        var hashNames = endpoint.AcceptedHashes ?? [.. DigestAlgorithm.DefaultAccepted.Select(h => h.Name)];
        for (int i = 0; i < hashNames.Count; i++)
        {
            var hash = DigestAlgorithm.FromName(hashNames[i]);
            if (hash is null)
            {
                problems.Add(new($"{prefix}:AcceptedHashes:{i}", $"'{hashNames[i]}' is not a known hash algorithm"));
            }
            else if (hash.Weak)
            {
                problems.Add(new($"{prefix}:AcceptedHashes:{i}",
                    $"{hash} is broken for time-stamping and must be refused (RFC 3161 §2.4.1, EN 319 422 §5.1.3)"));
            }
            else
            {
                hashes.Add(hash);
            }
        }

        if (hashNames.Count == 0)
        {
            problems.Add(new($"{prefix}:AcceptedHashes", "no hash algorithm is accepted"));
        }

        return hashes;
    }

    /// <summary>The declared accuracy: one second or better, and genTime fraction digits fine enough to show it.</summary>
    private static Accuracy CheckAccuracy(string prefix, EndpointOptions endpoint, List<ConfigurationProblem> problems)
    {
        if (!Accuracy.TryParse(endpoint.Accuracy, out var accuracy))
        {
            problems.Add(new($"{prefix}:Accuracy", $"'{endpoint.Accuracy}' is not a duration such as 1s, 500ms or 100us"));
        }
        else if (accuracy.TotalMicroseconds > Accuracy.OneSecond.TotalMicroseconds)
        {
            problems.Add(new($"{prefix}:Accuracy",
                $"{accuracy} is coarser than one second (EN 319 421 §5.2 BTSP and EN 319 422 §5.2.2 require 1 s or better)"));
        }
        else if (endpoint.GenTimeFractionDigits is < 0 or > GenTimeFormat.MaxFractionDigits)
        {
            problems.Add(new($"{prefix}:GenTimeFractionDigits", $"{endpoint.GenTimeFractionDigits} is outside 0 to 6"));
        }
        else if (endpoint.GenTimeFractionDigits < GenTimeFormat.MinimumFractionDigits(accuracy))
        {
            problems.Add(new($"{prefix}:GenTimeFractionDigits",
                $"{endpoint.GenTimeFractionDigits} digits are too coarse for an accuracy of {accuracy}; use at least "
                + $"{GenTimeFormat.MinimumFractionDigits(accuracy)} (EN 319 422 §5.2.2)"));
        }

        return accuracy;
    }

    private static bool IsOid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        string[] arcs = value.Split('.');
        return arcs.Length >= 2
               && arcs.All(a => a.Length > 0 && a.All(char.IsAsciiDigit) && (a == "0" || a[0] != '0'))
               && arcs[0] is "0" or "1" or "2";
    }
}

using ReferenceTsa.Configuration;

namespace ReferenceTsa.Issuance;

/// <summary>
/// EN 319 421 TIS-8.2-01..03: a TSU issuing qualified tokens issues no others, and the qualified and non-qualified
/// TSUs have different subject names. Checked across all endpoints once their TSUs are loaded.
/// </summary>
public static class QualifiedServiceSeparation
{
    public static void Check(IReadOnlyDictionary<string, EndpointOptions> endpoints, IReadOnlyDictionary<string, TimeStampingUnit> tsus,
        List<ConfigurationProblem> problems)
    {
        var qualifiedTsus = endpoints.Where(e => e.Value.Qualified).Select(e => e.Value.Tsu).ToHashSet();
        foreach (var (name, endpoint) in endpoints.Where(e => !e.Value.Qualified))
        {
            if (endpoint.Tsu is not null && qualifiedTsus.Contains(endpoint.Tsu))
            {
                problems.Add(new($"Tsa:Endpoints:{name}:Tsu",
                    $"TSU '{endpoint.Tsu}' also serves a qualified endpoint; a TSU issuing qualified time-stamps must not "
                    + "issue non-qualified ones (EN 319 421 TIS-8.2-01)"));
            }
        }

        foreach (var (name, endpoint) in endpoints.Where(e => e.Value.Qualified))
        {
            if (endpoint.Tsu is null || !tsus.TryGetValue(endpoint.Tsu, out var qualified))
            {
                continue;
            }

            foreach (var other in endpoints.Where(e => !e.Value.Qualified))
            {
                if (other.Value.Tsu is not null && other.Value.Tsu != endpoint.Tsu
                    && tsus.TryGetValue(other.Value.Tsu, out var nonQualified)
                    && nonQualified.Certificate.SubjectName.RawData.AsSpan().SequenceEqual(qualified.Certificate.SubjectName.RawData))
                {
                    problems.Add(new($"Tsa:Endpoints:{name}:Tsu",
                        $"the qualified TSU '{endpoint.Tsu}' has the same subject name as the non-qualified TSU '{other.Value.Tsu}' "
                        + "(EN 319 421 TIS-8.2-02 requires different names)"));
                }
            }
        }
    }
}

namespace Conformance.Catalogue.Tests;

/// <summary>
/// Every REQ/PRO ID of ETSI EN 319 401 clauses 5 to 7.14, as printed in V3.2.1 (the version whose text we could
/// check; CIR (EU) 2025/1929 pins V3.1.1), is catalogued exactly once as a source ID.
/// </summary>
public sealed class En319401InventoryTests
{
    private static IEnumerable<string> Ids(string clause, int last, params int[] proportional) =>
        Enumerable.Range(1, last).Select(i => $"{(proportional.Contains(i) ? "PRO" : "REQ")}-{clause}-{i:00}");

    public static readonly IReadOnlyList<string> V321 =
    [
        .. Ids("5", 8), .. Ids("6.1", 11), .. Ids("6.2", 6), .. Ids("6.3", 9),
        .. Ids("7.1.1", 5, 4), .. Ids("7.1.2", 6), .. Ids("7.1.3", 1), .. Ids("7.2", 24, 10),
        .. Ids("7.3.1", 2), .. Ids("7.3.2", 7), .. Ids("7.3.3", 5),
        .. Ids("7.4.1", 14), .. Ids("7.4.2", 3), .. Ids("7.4.3", 2), .. Ids("7.4.4", 5), .. Ids("7.4.5", 4), .. Ids("7.4.6", 1),
        .. Ids("7.5", 5), .. Ids("7.6", 14, 7, 10), .. Ids("7.7", 26, 26), .. Ids("7.8", 24),
        .. Ids("7.9.1", 18, 11, 12, 13), .. Ids("7.9.2", 19), .. Ids("7.9.3", 10, 6), .. Ids("7.9.4", 4), .. Ids("7.9.5", 8, 5, 6),
        .. Ids("7.10", 8),
        // The standard prints the second ID of 7.11.1 with a hyphen: REQ-7.11-1-02. It is stored as printed.
        .. Ids("7.11.1", 4).Select(id => id == "REQ-7.11.1-02" ? "REQ-7.11-1-02" : id), .. Ids("7.11.2", 6, 5), .. Ids("7.11.3", 4),
        .. Ids("7.12", 11), .. Ids("7.13", 6), .. Ids("7.14.1", 6), .. Ids("7.14.2", 15), .. Ids("7.14.3", 14),
    ];

    [Fact]
    public void Every_V3_2_1_requirement_ID_of_clauses_5_to_7_14_is_a_source_ID_exactly_once()
    {
        var refs = CatalogueLoader.Load(RepositoryPaths.Spec).Catalogue.Requirements
            .Where(r => r.Source.Document == "EN319401" && r.Source.Ref is not null)
            .GroupBy(r => r.Source.Ref!)
            .ToDictionary(g => g.Key, g => g.Count());
        var missing = V321.Where(id => !refs.ContainsKey(id)).ToList();
        var duplicated = refs.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
        Assert.Empty(duplicated);
        Assert.Equal(315, V321.Count);
    }

    [Fact]
    public void The_V3_1_1_penetration_test_ID_cited_by_CIR_2025_1929_is_catalogued()
    {
        var r = CatalogueLoader.Load(RepositoryPaths.Spec).Catalogue.Find("EN319401-REQ-7.8-17X");
        Assert.NotNull(r);
        Assert.Equal("V3.1.1", r.Source.Version);
        Assert.Equal(Confidence.Secondary, r.Confidence);
    }
}

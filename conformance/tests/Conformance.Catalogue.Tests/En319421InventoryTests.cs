namespace Conformance.Catalogue.Tests;

/// <summary>
/// Every requirement ID of ETSI EN 319 421 V1.3.1 is catalogued exactly once as a source ID, and so is
/// every EN 319 421 ID that CIR (EU) 2025/1929 adds or rewrites. Inventory: research note §3.2.
/// </summary>
public sealed class En319421InventoryTests
{
    private static IEnumerable<string> Ids(string prefix, string clause, int last, params string[] extra) =>
        Enumerable.Range(1, last).Select(i => $"{prefix}-{clause}-{i:00}").Concat(extra);

    /// <summary>The 118 numbered requirements of EN 319 421 V1.3.1 (2025-07), clause 5 to clause 8.</summary>
    public static readonly IReadOnlyList<string> V131 =
    [
        .. Ids("OVR", "5.1", 3), "OVR-5.2-01", "OVR-5.2-01A", "OVR-5.2-02", "OVR-5.3-01",
        "OVR-6.1-01", .. Ids("OVR", "6.2", 6), "OVR-6.3-01", "OVR-6.4-01", "OVR-6.5-01", "OVR-6.6-01",
        .. Ids("OVR", "7.2", 4), "OVR-7.3-01", "OVR-7.4-01", "OVR-7.5-01", "OVR-7.6-01",
        .. Ids("TIS", "7.6.2", 8), .. Ids("TIS", "7.6.3", 6), .. Ids("TIS", "7.6.4", 5), "TIS-7.6.5-01",
        .. Ids("TIS", "7.6.6", 4), .. Ids("TIS", "7.6.7", 9),
        .. Ids("TIS", "7.7.1", 9), .. Ids("TIS", "7.7.2", 9),
        .. Ids("OVR", "7.8", 12), .. Ids("OVR", "7.9", 2), .. Ids("OVR", "7.10", 4), "OVR-7.11-01",
        .. Ids("OVR", "7.12", 6), .. Ids("OVR", "7.13", 5), .. Ids("OVR", "7.14", 4), "OVR-7.15-01", "OVR-7.16-01",
        .. Ids("TIS", "8.1", 2), .. Ids("TIS", "8.2", 3),
    ];

    /// <summary>
    /// EN 319 421 IDs in the Annex of CIR (EU) 2025/1929, point 1: new (letter-suffixed or appended) and rewritten
    /// ones, catalogued under the CIR document. Void ones (TIS-7.6.2-04, TIS-7.6.3-03) stay as EN 319 421 entries
    /// and are replaced, in the qualified profile, by the CIR entry for the clause that voids them.
    /// </summary>
    public static readonly IReadOnlyList<string> Cir2025_1929 =
    [
        "OVR-6.2-03", "OVR-7.3-02", "OVR-7.3-03", "TIS-7.6.2-03", "TIS-7.6.2-05A", "TIS-7.6.2-06", "TIS-7.6.3-02",
        "TIS-7.6.7-03A", "OVR-7.10-05", "OVR-7.10-06", "OVR-7.10-07", "OVR-7.14-01A",
    ];

    private static Catalogue Catalogue() => CatalogueLoader.Load(RepositoryPaths.Spec).Catalogue;

    [Fact]
    public void Inventory_has_the_118_numbered_requirements_of_V1_3_1()
    {
        Assert.Equal(118, V131.Count);
        Assert.Equal(V131.Count, V131.Distinct().Count());
    }

    [Fact]
    public void Every_EN_319_421_V1_3_1_requirement_ID_is_a_source_ID_exactly_once()
    {
        var refs = Catalogue().Requirements
            .Where(r => r.Source.Document == "EN319421" && r.Source.Ref is not null)
            .GroupBy(r => r.Source.Ref!)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Id).ToList());

        var missing = V131.Where(id => !refs.ContainsKey(id)).ToList();
        var duplicated = refs.Where(kv => kv.Value.Count > 1).Select(kv => $"{kv.Key}: {string.Join(", ", kv.Value)}").ToList();
        var unknown = refs.Keys.Where(k => !V131.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
        Assert.True(duplicated.Count == 0, "duplicated: " + string.Join("; ", duplicated));
        Assert.True(unknown.Count == 0, "not in V1.3.1: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Every_EN_319_421_ID_added_or_rewritten_by_CIR_2025_1929_is_a_source_ID_exactly_once()
    {
        var refs = Catalogue().Requirements
            .Where(r => r.Source.Document == "CIR2025-1929" && r.Source.Ref is not null)
            .GroupBy(r => r.Source.Ref!)
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var id in Cir2025_1929)
        {
            Assert.True(refs.TryGetValue(id, out var n) && n == 1, $"{id}: catalogued {(refs.TryGetValue(id, out var m) ? m : 0)} time(s) under CIR2025-1929");
        }
    }

    [Theory]
    [InlineData("EN319421-TIS-7.6.2-04")]
    [InlineData("EN319421-TIS-7.6.3-03")]
    public void IDs_voided_by_CIR_2025_1929_are_not_selected_by_the_qualified_profile(string id)
    {
        var c = Catalogue();
        Assert.NotNull(c.Find(id));
        Assert.DoesNotContain(c.Resolve("eu-qualified").Requirements, r => r.Id == id);
        Assert.Contains(c.Requirements, r => r.Source.Document == "CIR2025-1929" && r.Replaces.Contains(id));
    }

    [Fact]
    public void CIR_2025_1929_entries_take_effect_on_20_October_2025()
    {
        var cir = Catalogue().Requirements.Where(r => r.Source.Document == "CIR2025-1929").ToList();
        Assert.NotEmpty(cir);
        Assert.All(cir, r => Assert.True(r.EffectiveFrom >= new DateOnly(2025, 10, 20), r.Id));
    }
}

namespace Conformance.Catalogue.Tests;

/// <summary>Every clause of EN 319 422 V1.1.1 that contains a "shall" or "should" has at least one catalogue entry.</summary>
public sealed class En319422CoverageTests
{
    /// <summary>Clauses with normative "shall"/"should" text (clause 8 and Annexes B, C are definitions only).</summary>
    public static TheoryData<string> NormativeClauses =>
    [
        "4.1.1", "4.1.2", "4.1.3", "4.2.1", "4.2.2", "4.2.3", "4.2.4",
        "5.1.1", "5.1.2", "5.1.3", "5.2.1", "5.2.2", "5.2.3",
        "6.1", "6.2", "6.3", "6.4", "6.5", "7", "9.1", "Annex A",
    ];

    [Theory]
    [MemberData(nameof(NormativeClauses))]
    public void Clause_has_a_catalogue_entry(string clause)
    {
        var catalogue = CatalogueLoader.Load(RepositoryPaths.Spec).Catalogue;
        Assert.Contains(catalogue.Requirements, r => r.Source.Document == "EN319422" && r.Source.Clause == clause);
    }

    [Fact]
    public void Client_side_adaptations_do_not_replace_the_original_outside_the_qualified_regime()
    {
        var catalogue = CatalogueLoader.Load(RepositoryPaths.Spec).Catalogue;
        var client = catalogue.Resolve("etsi-client").Requirements.Select(r => r.Id).ToList();
        Assert.Contains("EN319422-4.1.3", client);
        Assert.Contains("CIR2025-1929-P2.2", client);
        var qualified = catalogue.Resolve("eu-qualified").Requirements.Select(r => r.Id).ToList();
        Assert.DoesNotContain("EN319422-6.5", qualified);
        Assert.Contains("CIR2025-1929-P2.8", qualified);
    }
}

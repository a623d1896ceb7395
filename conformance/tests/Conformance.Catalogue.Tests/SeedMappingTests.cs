namespace Conformance.Catalogue.Tests;

/// <summary>Every requirement bullet of the seed talk maps to at least one existing catalogue entry (spec/seed-mapping.yaml).</summary>
public sealed class SeedMappingTests
{
    private readonly ITestOutputHelper output;

    public SeedMappingTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Seed_mapping_exists_and_every_bullet_names_existing_requirements()
    {
        var load = CatalogueLoader.Load(RepositoryPaths.Spec);
        Assert.True(load.IsValid, string.Join(Environment.NewLine, load.Errors));
        var mapping = load.Catalogue.SeedMapping;
        Assert.NotNull(mapping);
        Assert.NotEmpty(mapping.Bullets);
        Assert.All(mapping.Bullets, b =>
        {
            Assert.NotEmpty(b.Requirements);
            Assert.All(b.Requirements, id => Assert.NotNull(load.Catalogue.Find(id)));
        });
        output.WriteLine($"{mapping.Bullets.Count} seed bullets mapped to {mapping.Bullets.SelectMany(b => b.Requirements).Distinct().Count()} distinct requirements");
    }

    [Fact]
    public void Every_requirement_bullet_of_the_seed_talk_is_mapped()
    {
        var dir = RepositoryPaths.SeedTalkDirectory();
        if (dir is null)
        {
            Assert.Skip("seed talk not found (set TSA_SEED_DIR or lay shared/seed beside the checkout)");
        }

        var mapping = CatalogueLoader.Load(RepositoryPaths.Spec).Catalogue.SeedMapping!;
        var talk = Directory.EnumerateFiles(dir, "*.txt")
            .SelectMany(f => SeedTalkReader.Read(File.ReadAllLines(f), mapping.Sections))
            .ToList();
        Assert.True(talk.Count > 100, $"only {talk.Count} bullets extracted: did the talk's slide titles change?");
        var unmapped = SeedTalkReader.Unmapped(talk, mapping);
        Assert.True(unmapped.Count == 0, "unmapped seed bullets:" + Environment.NewLine + string.Join(Environment.NewLine, unmapped.Select(u => $"  line {u.Line} [{u.Section} / {u.Under}] {u.Text}")));
        output.WriteLine($"{talk.Count} bullet occurrences in the talk, {talk.Select(t => (t.Section, SeedText.Normalize(t.Text))).Distinct().Count()} distinct, all mapped");
    }

    [Theory]
    [InlineData("- » Accuracy < 1s", "accuracy < 1s")]
    [InlineData(" - **Planned reviews**", "- planned reviews")]
    [InlineData("Trustworthy systems [NPR-CEN-TS-419261]", "Trustworthy systems (NPR-CEN-TS-419261)")]
    [InlineData("Risk management – ITIL/ISO27005", "Risk management - ITIL/ISO27005")]
    public void Seed_text_normalisation_ignores_bullets_brackets_bold_and_dash_style(string a, string b) =>
        Assert.Equal(SeedText.Normalize(a), SeedText.Normalize(b));
}

namespace Conformance.Catalogue.Tests;

/// <summary>
/// The catalogue lint: IDs unique, every @req tag in spec/features names a catalogue ID, and the number of
/// automated requirement has a scenario (a failure by default; only counted while drafting).
/// </summary>
public sealed class LintTests
{
    private readonly ITestOutputHelper output;

    public LintTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Lint_of_the_real_spec_passes_with_a_scenario_for_every_automated_requirement()
    {
        var load = CatalogueLoader.Load(RepositoryPaths.Spec);
        var scan = FeatureTagScanner.Scan(Path.Combine(RepositoryPaths.Spec, "features"), RepositoryPaths.Root);
        var report = CatalogueLint.Run(load, scan);
        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Errors));
        Assert.Empty(report.AutomatedWithoutScenario);
        output.WriteLine($"features: {scan.FeatureFiles} file(s), {scan.Scenarios} scenario(s), {scan.Tags.Count} @req tag(s)");
        foreach (var (profile, missing) in report.AutomatedWithoutScenarioByProfile.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"profile {profile}: {missing.Count} automated requirement(s) without a scenario");
        }

        output.WriteLine($"automated requirements without scenarios (all profiles): {report.AutomatedWithoutScenario.Count}");
    }

    [Fact]
    public void Requirement_IDs_are_unique()
    {
        var ids = CatalogueLoader.Load(RepositoryPaths.Spec).Catalogue.Requirements.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Unknown_req_tag_is_reported_with_file_and_line()
    {
        using var spec = new TempSpec();
        var features = Path.Combine(spec.Spec, "features", "token");
        Directory.CreateDirectory(features);
        File.WriteAllText(Path.Combine(features, "tst.feature"), "Feature: Token\n\n  @req:TSP-TST-001 @must\n  Scenario: version\n    Then fine\n\n  @req:TSP-TST-404\n  Scenario: typo\n    Then fine\n");
        var scan = FeatureTagScanner.Scan(Path.Combine(spec.Spec, "features"), spec.Root);
        var report = CatalogueLint.Run(spec.Load(), scan, new LintOptions { RequireScenarios = false, RequireMustBasis = false });
        var error = Assert.Single(report.Errors);
        Assert.Equal("spec/features/token/tst.feature:7: @req:TSP-TST-404 names no requirement in the catalogue", error.ToString());
        Assert.Equal(2, scan.Scenarios);
        // TSP-TST-001 has a scenario now; TSP-TST-003 still has none.
        Assert.Equal(["TSP-TST-003"], report.AutomatedWithoutScenario.Select(r => r.Id));
    }

    [Fact]
    public void Lint_fails_on_automated_requirements_without_scenarios_by_default()
    {
        using var spec = new TempSpec();
        var report = CatalogueLint.Run(spec.Load(), FeatureScan.Empty);
        Assert.Equal(2, report.Errors.Count);
        Assert.All(report.Errors, e => Assert.Contains("has no scenario", e.Message));
    }

    [Fact]
    public void A_scenario_tagging_a_refining_requirement_covers_the_refined_one()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements + "\n    refines: [TSP-TST-001]\n");
        var features = Path.Combine(spec.Spec, "features");
        Directory.CreateDirectory(features);
        File.WriteAllText(Path.Combine(features, "a.feature"), "Feature: A\n  @req:TSP-TST-003\n  Scenario: imprint\n    Then fine\n");
        var report = CatalogueLint.Run(spec.Load(), FeatureTagScanner.Scan(features, spec.Root), new LintOptions { RequireMustBasis = false });
        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Errors));
        Assert.Empty(report.AutomatedWithoutScenario);
    }

    [Theory]
    [InlineData("{ clause: \"2.4.2\" }", "give source.verb")]
    [InlineData("{ clause: \"2.4.2\", verb: should, read: \"RFC 3161 §2.4.2\" }", "its source says 'should'")]
    [InlineData("{ clause: \"2.4.2\", verb: MUST, read: \"RFC 3161 §2.4.2\" }", null)]
    [InlineData("{ clause: \"2.4.2\", verb: ASN.1 constraint, read: \"RFC 3161 §2.4.2\" }", null)]
    public void A_verified_must_needs_the_source_word_and_what_was_read(string source, string? error)
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements.Replace("source: { clause: \"2.4.2\" }\n    title: TSTInfo version is 1", $"source: {source}\n    title: TSTInfo version is 1", StringComparison.Ordinal));
        var features = Path.Combine(spec.Spec, "features");
        Directory.CreateDirectory(features);
        File.WriteAllText(Path.Combine(features, "a.feature"), "Feature: A\n  @req:TSP-TST-001\n  Scenario: version\n    Then fine\n");
        var report = CatalogueLint.Run(spec.Load(), FeatureTagScanner.Scan(features, spec.Root), new LintOptions { RequireScenarios = false });
        if (error is null)
        {
            Assert.True(report.Passed, string.Join(Environment.NewLine, report.Errors));
        }
        else
        {
            var e = Assert.Single(report.Errors);
            Assert.Contains("TSP-TST-001", e.Message);
            Assert.Contains(error, e.Message);
        }
    }

    [Fact]
    public void While_drafting_missing_scenarios_are_only_counted()
    {
        using var spec = new TempSpec();
        var report = CatalogueLint.Run(spec.Load(), FeatureScan.Empty, new LintOptions { RequireScenarios = false });
        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Errors));
        Assert.Equal(2, report.AutomatedWithoutScenario.Count);
    }
}

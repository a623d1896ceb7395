using Conformance.Runner.Host;
using Conformance.Runner.Selection;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests;

public sealed class SelectionTests
{
    private const string Feature = """
        @area
        Feature: Sample
          @req:TSP-REQ-001 @must
          Scenario: a must
            Given x

          @req:TSP-REQ-009 @should
          Scenario: a should
            Given x

          @req:TSP-TST-001 @must @token
          Scenario: a token check
            Given x

          @req:TSP-HTTP-001 @must @slow
          Scenario Outline: outline <n>
            Given <n>
            @fast
            Examples:
              | n |
              | 1 |
              | 2 |
        """;

    private static List<ScenarioCase> Load()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("sample.feature"), Feature);
        FeatureSet set = FeatureLoader.LoadDirectory(temp.Path);
        Assert.Empty(set.Errors);
        return [.. set.Scenarios];
    }

    private static List<string> Names(ScenarioSelection selection) => [.. Load().Where(selection.Includes).Select(s => s.Name)];

    [Fact]
    public void Outline_rows_become_scenarios_with_substituted_names_tags_and_lines()
    {
        var scenarios = Load();
        Assert.Equal(["a must", "a should", "a token check", "outline 1", "outline 2"], scenarios.Select(s => s.Name));
        ScenarioCase row = scenarios[4];
        Assert.Equal(["TSP-HTTP-001"], row.RequirementIds);
        Assert.Contains("fast", row.OwnTags);
        Assert.Contains("area", row.InheritedTags);
        Assert.Equal("sample.feature:22", row.Location);
        Assert.Equal([new KeyValuePair<string, string>("n", "2")], row.ExampleArguments);
    }

    [Fact]
    public void Every_level_runs_by_default_and_strict_selects_nothing_more()
    {
        var all = Names(new ScenarioSelection());
        Assert.Equal(["a must", "a should", "a token check", "outline 1", "outline 2"], all);
        Assert.Equal(all, Names(new ScenarioSelection { Strict = true }));
    }

    [Fact]
    public void A_profile_level_of_should_no_longer_leaves_a_scenario_out()
    {
        var selection = new ScenarioSelection
        {
            Profile = "etsi",
            ProfileRequirements = new HashSet<string> { "TSP-REQ-001", "TSP-REQ-009" },
            ProfileLevels = new Dictionary<string, string> { ["TSP-REQ-001"] = "should", ["TSP-REQ-009"] = "may" },
        };
        Assert.Equal(["a must", "a should"], Names(selection));
        Assert.Equal("should", selection.SeverityOf(Load()[0]));
    }

    [Fact]
    public void A_requirement_id_selects_its_scenarios()
    {
        Assert.Equal(["a should"], Names(new ScenarioSelection { RequirementIds = ["tsp-req-009"] }));
        Assert.Equal(["a must", "a should"], Names(new ScenarioSelection { RequirementIds = ["TSP-REQ-*"] }));
    }

    [Fact]
    public void Tags_include_and_exclude()
    {
        Assert.Equal(["outline 1", "outline 2"], Names(new ScenarioSelection { Tags = ["@fast"] }));
        Assert.Equal(["a must", "a should", "a token check"], Names(new ScenarioSelection { Tags = ["~slow"] }));
        Assert.Equal(["a token check"], Names(new ScenarioSelection { Tags = ["token", "not:slow"] }));
    }

    [Fact]
    public void Inspect_selects_token_level_scenarios_only()
    {
        Assert.Equal(["a token check"], Names(new ScenarioSelection { TokenLevelOnly = true }));
    }

    [Fact]
    public void A_profile_restricts_to_its_requirements_and_says_why()
    {
        var selection = new ScenarioSelection { Profile = "rfc3161", ProfileRequirements = new HashSet<string> { "TSP-REQ-001" } };
        Assert.Equal(["a must"], Names(selection));
        Assert.Equal("not in profile rfc3161", selection.WhyExcluded(Load()[2]));
    }

    [Fact]
    public void Syntax_errors_are_reported_as_file_and_line()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("broken.feature"), "Feature: Broken\n  Scenario: s\n    Given x\n  this is not gherkin\n");
        File.WriteAllText(temp.Combine("fine.feature"), "Feature: Fine\n  Scenario: s\n    Given x\n");

        FeatureSet set = FeatureLoader.LoadDirectory(temp.Path);

        Assert.Equal("Fine", Assert.Single(set.Features).Title);
        Assert.StartsWith("broken.feature:4: ", Assert.Single(set.Errors));
    }
}

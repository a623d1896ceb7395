using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Tests.Requirements;

namespace Conformance.Checks.Tests.Outcomes;

/// <summary>A check names the requirement it embodies; a helper shared by several leaves it to the scenario's tags.</summary>
public sealed class FindingTests
{
    [Fact]
    public void A_checks_finding_names_its_requirement_and_a_scenario_finding_names_none()
    {
        var check = new RequirementNotMetException("TSP-TST-010", "ordering is true", "false", "true");
        var scenario = RequirementNotMetException.ForScenario("ordering is true", "false", "true");

        Assert.Equal("TSP-TST-010: ordering is true (expected: false; observed: true)", check.Message);
        Assert.False(check.IsScenarioFinding);
        Assert.Equal("ordering is true (expected: false; observed: true)", scenario.Message);
        Assert.Equal(check.Finding, scenario.Finding);
        Assert.True(scenario.IsScenarioFinding);
        Assert.Null(scenario.RequirementId);
    }

    [Fact]
    public void A_shared_helper_reports_against_the_id_it_is_given_else_against_the_scenario()
    {
        TimeStampToken token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec()).Token);
        TimeStampToken noSigner = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { TwoSigners = true }).Token);

        Assert.NotNull(CmsRequirements.RequireSigner(token));
        var named = Assert.Throws<RequirementNotMetException>(() => CmsRequirements.RequireSigner(noSigner, "TSP-CMS-003"));
        var unnamed = Assert.Throws<RequirementNotMetException>(() => CmsRequirements.RequireSigner(noSigner));

        Assert.Equal("TSP-CMS-003", named.RequirementId);
        Assert.False(named.IsScenarioFinding);
        Assert.Null(unnamed.RequirementId);
        Assert.True(unnamed.IsScenarioFinding);
        Assert.Equal(named.Finding, unnamed.Finding);
    }
}

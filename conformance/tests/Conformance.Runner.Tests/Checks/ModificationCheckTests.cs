using Conformance.Runner.Results;
using Conformance.Steps.Context;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests.Checks;

/// <summary>TSP-RESP-004: a changed request is declared with grantedWithMods, and the report lists the change.</summary>
public sealed class ModificationCheckTests
{
    private static TargetDefinition Target(Uri url) => TargetDefinition.FromUrls(url, null) with { PolicyOids = ["1.3.6.1.4.1.99999.7.7"] };

    [Fact]
    public async Task A_tsa_that_honours_every_request_passes_and_reports_no_change()
    {
        await using var tsa = new FrontedTsa(strictHttp: true);
        using var temp = new TempDirectory();

        ScenarioResult result = Assert.Single(await RunOne.RequirementAsync("TSP-RESP-004", Target(tsa.Url), temp.Path));

        Assert.True(result.Status == ScenarioStatus.Passed, result.Message);
        string report = File.ReadAllText(temp.Combine("evidence", result.Evidence.Single(f => f.EndsWith("-modifications.txt", StringComparison.Ordinal))));
        Assert.Contains("reqPolicy 1.3.6.1.4.1.99999.7.7 and a nonce: granted (0), the token reflects the request", report);
    }

    [Fact]
    public async Task A_policy_changed_silently_under_status_granted_fails()
    {
        await using var tsa = new FrontedTsa(strictHttp: true, rewriteRequest: FrontedTsa.WithoutPolicy);
        using var temp = new TempDirectory();

        ScenarioResult result = Assert.Single(await RunOne.RequirementAsync("TSP-RESP-004", Target(tsa.Url), temp.Path));

        Assert.Equal(ScenarioStatus.Failed, result.Status);
        Assert.StartsWith("TSP-RESP-004: a token differs from its request although the status says granted", result.Message);
        Assert.Contains($"policy: requested 1.3.6.1.4.1.99999.7.7, token {StubTsa.Policy}", result.Message);
    }

    [Fact]
    public async Task A_policy_change_declared_with_grantedWithMods_passes_and_is_listed()
    {
        await using var tsa = new FrontedTsa(strictHttp: true, rewriteRequest: FrontedTsa.WithoutPolicy, status: 1);
        using var temp = new TempDirectory();

        ScenarioResult result = Assert.Single(await RunOne.RequirementAsync("TSP-RESP-004", Target(tsa.Url), temp.Path));

        Assert.True(result.Status == ScenarioStatus.Passed, result.Message);
        string report = File.ReadAllText(temp.Combine("evidence", result.Evidence.Single(f => f.EndsWith("-modifications.txt", StringComparison.Ordinal))));
        Assert.Contains($"grantedWithMods (1), modified: policy: requested 1.3.6.1.4.1.99999.7.7, token {StubTsa.Policy}", report);
        Assert.Contains("no optional field: grantedWithMods (1), the token reflects the request", report);
        Assert.Contains("grantedWithMods without a visible change", report);
    }
}

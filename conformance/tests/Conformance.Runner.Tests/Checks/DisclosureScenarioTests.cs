using Conformance.Checks.Disclosure;
using Conformance.Runner.Results;
using Conformance.Runner.Targets;
using Conformance.Steps.Context;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests.Checks;

/// <summary>
/// TSP-SVC-001 through the runner: the scenarios against a stub TSA with and without a disclosure statement, and the
/// target file naming one. The reader and the check itself are tested in Conformance.Checks.Tests (DisclosureStatementTests).
/// </summary>
public sealed class DisclosureScenarioTests
{
    private static string Yaml(string hashes = "SHA-256, SHA-384, SHA-512", string accuracy = "1s", bool btsp = true, string policy = StubTsa.Policy) => $"""
        tsa: Stub
        policies:
          - oid: {policy}
            hashes: [{hashes}]
            accuracy: {accuracy}
        {(btsp ? $"  - oid: 0.4.0.2023.1.1\n    hashes: [{hashes}]\n    accuracy: {accuracy}\n" : "")}
        """;

    [Fact]
    public async Task Without_a_disclosure_statement_every_scenario_needs_evidence_and_none_passes()
    {
        await using var tsa = new StubTsa();
        using var temp = new TempDirectory();

        var results = await RunOne.RequirementAsync("TSP-SVC-001", TargetDefinition.FromUrls(tsa.Url, null), temp.Path);

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal(ScenarioStatus.NeedsEvidence, r.Status));
        Assert.All(results, r => Assert.Contains("no machine-readable disclosure statement was given", r.Message));
    }

    [Fact]
    public async Task Hashes_the_tsa_accepts_beyond_the_disclosure_fail_and_an_exact_disclosure_passes()
    {
        await using var tsa = new StubTsa();
        using var temp = new TempDirectory();

        // What the stub (BouncyCastle's TimeStampResponseGenerator with TspAlgorithms.Allowed) accepts, among the hashes the suite tries.
        var accepted = ImprintAlgorithm.All.Where(a => Org.BouncyCastle.Tsp.TspAlgorithms.Allowed.Contains(a.Oid)).Select(a => a.Name).ToList();
        Assert.Contains("SHA-1", accepted);
        File.WriteAllText(temp.Combine("narrow.yaml"), Yaml(hashes: "SHA-256"));
        File.WriteAllText(temp.Combine("exact.yaml"), Yaml(hashes: string.Join(", ", accepted)));

        var narrow = await RunOne.RequirementAsync("TSP-SVC-001", TargetDefinition.FromUrls(tsa.Url, null) with { Disclosure = DisclosureStatementReader.Load(temp.Combine("narrow.yaml")) }, temp.Combine("narrow"));
        var exact = await RunOne.RequirementAsync("TSP-SVC-001", TargetDefinition.FromUrls(tsa.Url, null) with { Disclosure = DisclosureStatementReader.Load(temp.Combine("exact.yaml")) }, temp.Combine("exact"));

        ScenarioResult hashes = narrow.Single(r => r.Name.Contains("hash algorithms", StringComparison.Ordinal));
        Assert.Equal(ScenarioStatus.Failed, hashes.Status);
        Assert.Contains("SHA-384 was accepted", hashes.Message);
        Assert.All(narrow.Where(r => r != hashes), r => Assert.True(r.Status == ScenarioStatus.Passed, $"{r.Name}: {r.Message}"));
        Assert.All(exact, r => Assert.True(r.Status == ScenarioStatus.Passed, $"{r.Name}: {r.Message}"));
    }

    [Fact]
    public void A_target_file_names_its_disclosure_statement_and_its_errors_carry_both_locations()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("disclosure.yaml"), Yaml());
        File.WriteAllText(temp.Combine("bad.yaml"), "policies: []\n");
        File.WriteAllText(temp.Combine("target.yaml"), "url: http://127.0.0.1:1/tsa\ndisclosure: disclosure.yaml\n");
        File.WriteAllText(temp.Combine("broken.yaml"), "url: http://127.0.0.1:1/tsa\ndisclosure: bad.yaml\n");

        Assert.Equal(2, TargetFileLoader.Load(temp.Combine("target.yaml")).Disclosure!.Policies.Count);
        var e = Assert.Throws<TargetFileException>(() => TargetFileLoader.Load(temp.Combine("broken.yaml")));
        Assert.Contains($"{temp.Combine("broken.yaml")}:2: disclosure: {temp.Combine("bad.yaml")}:1: policies is a non-empty list", e.Message);
    }
}

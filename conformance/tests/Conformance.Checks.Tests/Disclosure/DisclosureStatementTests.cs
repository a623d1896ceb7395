using Conformance.Checks.Disclosure;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Tests.Requirements;
using Conformance.Checks.Transport;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Checks.Tests.Disclosure;

/// <summary>
/// TSP-SVC-001: the disclosure statement extract, its reader, and the check of a token against it. The scenarios
/// over a live target (accepted hashes, no statement given) are in Conformance.Runner.Tests (DisclosureScenarioTests).
/// </summary>
public sealed class DisclosureStatementTests
{
    private static string Yaml(string hashes = "SHA-256, SHA-384, SHA-512", string accuracy = "1s", bool btsp = true, string policy = StubTsa.Policy) => $"""
        tsa: Stub
        policies:
          - oid: {policy}
            hashes: [{hashes}]
            accuracy: {accuracy}
        {(btsp ? $"  - oid: 0.4.0.2023.1.1\n    hashes: [{hashes}]\n    accuracy: {accuracy}\n" : "")}
        """;

    private static TstInfo StubToken()
    {
        var stub = new StubTsa();
        try
        {
            Assert.True(TimeStampResponse.TryDecode(stub.IssueResponse(), out TimeStampResponse? response, out string? error), error);
            return response!.Token!.TstInfo!;
        }
        finally
        {
            stub.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Fact]
    public void The_example_file_in_spec_examples_reads_without_problems()
    {
        string spec = Conformance.Catalogue.SpecDirectoryLocator.Locate(null, AppContext.BaseDirectory) ?? throw new InvalidOperationException("spec/ not found");
        DisclosureStatement statement = DisclosureStatementReader.Load(Path.Combine(spec, "examples", "disclosure.example.yaml"));

        Assert.Equal(3, statement.Policies.Count);
        Assert.NotNull(statement.Find(Oids.BestPracticesTimeStampPolicy));
        Assert.Equal(TimeSpan.FromSeconds(1), statement.Policies[0].Accuracy);
        Assert.Equal(["SHA-256", "SHA-384", "SHA-512"], statement.Policies[0].Hashes.Select(h => h.Name));
    }

    [Fact]
    public void Every_problem_in_a_disclosure_file_is_reported_with_its_line()
    {
        var e = Assert.Throws<DisclosureStatementException>(() => DisclosureStatementReader.Parse("""
            tsa: Broken
            polices: []
            policies:
              - oid: not-an-oid
                hashes: [SHA-256, WHIRLPOOL]
                accuracy: a while
            """, "d.yaml"));

        Assert.Contains("d.yaml:2: unknown key 'polices' in the disclosure statement (did you mean 'policies'?); allowed: document, policies, tsa", e.Problems);
        Assert.Contains("d.yaml:4: 'not-an-oid' is not a dotted object identifier such as 0.4.0.2023.1.1", e.Problems);
        Assert.Contains(e.Problems, p => p.StartsWith("d.yaml:5: unknown hash algorithm 'WHIRLPOOL'", StringComparison.Ordinal));
        Assert.Contains("d.yaml:6: 'accuracy' must be a duration: a number and a unit us, ms, s, m or h, such as 250us, 500ms, 1.5s or 2m, not 'a while'", e.Problems);
    }

    [Fact]
    public void A_token_matching_the_disclosure_passes_and_every_mismatch_fails()
    {
        TstInfo tst = StubToken();
        DisclosureRequirements.TokenMatchesDisclosure(DisclosureStatementReader.Parse(Yaml(), "ok.yaml"), tst, "stub");

        var finer = Assert.Throws<RequirementNotMetException>(() => DisclosureRequirements.TokenMatchesDisclosure(DisclosureStatementReader.Parse(Yaml(accuracy: "500ms"), "a.yaml"), tst, "stub"));
        Assert.Equal("TSP-SVC-001", finer.RequirementId);
        Assert.Equal("at most 0.5 s", finer.Expected);

        var policy = Assert.Throws<RequirementNotMetException>(() => DisclosureRequirements.TokenMatchesDisclosure(DisclosureStatementReader.Parse(Yaml(policy: "1.2.3.4"), "p.yaml"), tst, "stub"));
        Assert.Equal(StubTsa.Policy, policy.Observed);

        var hash = Assert.Throws<RequirementNotMetException>(() => DisclosureRequirements.TokenMatchesDisclosure(DisclosureStatementReader.Parse(Yaml(hashes: "SHA-512"), "h.yaml"), tst, "stub"));
        Assert.Equal("SHA-256", hash.Observed);
    }

    [Fact]
    public void Every_granted_token_is_compared_and_none_granted_is_not_judged()
    {
        DisclosureStatement statement = DisclosureStatementReader.Parse(Yaml(accuracy: "500ms"), "a.yaml");
        (string, TimeStampExchange) Answer(string variation, byte[]? token) => (variation, new TimeStampExchange
        {
            Request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256),
            Http = new HttpExchange { Url = new Uri("http://127.0.0.1:9/tsa"), Method = "POST", StatusCode = System.Net.HttpStatusCode.OK },
            Response = CraftedTokens.Response(token),
        });

        // The crafted token's accuracy is 1 s, coarser than the 500 ms disclosed: the granted one is judged, the refused one skipped.
        var finding = Assert.Throws<RequirementNotMetException>(() => DisclosureRequirements.GrantedTokensMatchDisclosure(statement,
            [Answer("reqPolicy absent", null), Answer($"reqPolicy {StubTsa.Policy}", CraftedTokens.Build().Token)]));
        Assert.Equal("TSP-SVC-001", finding.RequirementId);
        Assert.Contains($"reqPolicy {StubTsa.Policy}", finding.Message);

        var notJudged = Assert.Throws<TargetErrorException>(() => DisclosureRequirements.GrantedTokensMatchDisclosure(statement, [Answer("reqPolicy absent", null)]));
        Assert.Equal("no request was granted, so no token could be compared with the disclosure statement", notJudged.Message);
    }

    [Fact]
    public void A_statement_without_BTSP_fails()
    {
        DisclosureRequirements.ListsBtsp(DisclosureStatementReader.Parse(Yaml(), "ok.yaml"));
        var finding = Assert.Throws<RequirementNotMetException>(() => DisclosureRequirements.ListsBtsp(DisclosureStatementReader.Parse(Yaml(btsp: false), "no-btsp.yaml")));
        Assert.Equal("TSP-SVC-001", finding.RequirementId);
        Assert.Contains("no-btsp.yaml", finding.Message);
    }
}

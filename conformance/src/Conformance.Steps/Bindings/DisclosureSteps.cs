using System.Text;
using Conformance.Checks.Disclosure;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// TSP-SVC-001: the TSA's disclosure statement (its machine-readable extract, disclosure: in the target file) against
/// the tokens every declared endpoint issues and the hash algorithms it accepts.
/// </summary>
[Binding]
public sealed class DisclosureSteps(ServiceUnderTest service, ScenarioEvidence evidence)
{
    private DisclosureStatement? _statement;
    private readonly List<(string Variation, TimeStampExchange Exchange)> _policyAnswers = [];
    private readonly List<List<(ImprintAlgorithm, TimeStampExchange)>> _hashAnswers = [];

    private DisclosureStatement Statement => _statement ?? throw new InvalidOperationException("Start the scenario with 'Given the TSA's disclosure statement'.");

    [Given("the TSA's disclosure statement")]
    public void GivenTheDisclosureStatement()
    {
        _statement = DisclosureRequirements.Require(service.Declarations.Disclosure);
        evidence.Save(evidence.Label + "-disclosure", "txt", Encoding.UTF8.GetBytes($"{_statement.Source}\n{_statement.Describe().Replace("; ", "\n", StringComparison.Ordinal)}\n"));
    }

    [Then("the disclosure statement lists the BTSP policy identifier")]
    public void ThenBtspIsListed() => DisclosureRequirements.ListsBtsp(Statement);

    [When("each declared service is asked for a time stamp without a policy and with each disclosed policy")]
    public async Task WhenEachPolicyIsRequested()
    {
        foreach (Uri url in Urls())
        {
            foreach (string? policy in Statement.Policies.Select(p => (string?)p.Oid).Prepend(null))
            {
                var request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { RequestedPolicy = policy };
                _policyAnswers.Add(($"{url} reqPolicy {policy ?? "absent"}",
                    await service.RequireClient().RequestAsync(url, request, evidence, evidence.Label, service.CancellationToken)));
            }
        }
    }

    [Then("every token carries a disclosed policy, a hash disclosed for it and at most the accuracy disclosed for it")]
    public void ThenTokensMatchTheDisclosure() => DisclosureRequirements.GrantedTokensMatchDisclosure(Statement, _policyAnswers);

    [When("each declared service is asked for a time stamp with every hash algorithm the suite knows")]
    public async Task WhenEveryHashIsTried()
    {
        foreach (Uri url in Urls())
        {
            var answers = new List<(ImprintAlgorithm, TimeStampExchange)>();
            foreach (ImprintAlgorithm algorithm in ImprintAlgorithm.All)
            {
                answers.Add((algorithm, await service.RequireClient().RequestAsync(url, algorithm.RandomRequest(), evidence, $"{evidence.Label}-{algorithm.Name}", service.CancellationToken)));
            }

            _hashAnswers.Add(answers);
        }
    }

    [Then("each service accepts exactly the hash algorithms the disclosure statement lists")]
    public void ThenAcceptedHashesMatch()
    {
        foreach (var answers in _hashAnswers)
        {
            DisclosureRequirements.AcceptedHashesMatchDisclosure(Statement, answers);
        }
    }

    private List<Uri> Urls()
    {
        var urls = new[] { service.NonQualifiedUrl, service.QualifiedUrl }.OfType<Uri>().ToList();
        return service.IsOffline || urls.Count == 0 ? throw new NotApplicableException("needs a live time-stamping service") : urls;
    }
}

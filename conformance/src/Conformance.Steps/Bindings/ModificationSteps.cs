using System.Text;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>TSP-RESP-004: whatever the TSA changed in a request shows up as grantedWithMods, and the report lists it.</summary>
[Binding]
public sealed class ModificationSteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence)
{
    [When("requests with and without a policy, a nonce and a certificate request are sent to the time-stamping service")]
    public async Task WhenVariedRequestsAreSent()
    {
        Uri url = state.Url ?? service.DefaultUrl;
        var variations = new List<(string, TimeStampRequest)>
        {
            ("no optional field", TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256)),
            ("a 64-bit nonce", TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { Nonce = TimeStampRequest.RandomNonce(64) }),
            ("certReq TRUE", TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { CertReq = true }),
        };
        foreach (string policy in service.Declarations.PolicyOids.Concat(service.Declarations.QualifiedPolicyOids).Append(Oids.BestPracticesTimeStampPolicy).Distinct())
        {
            variations.Add(($"reqPolicy {policy} and a nonce", TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { RequestedPolicy = policy, Nonce = TimeStampRequest.RandomNonce(64) }));
        }

        foreach ((string variation, TimeStampRequest request) in variations)
        {
            state.Series.Add(($"{url} {variation}", await service.RequireClient().RequestAsync(url, request, evidence, evidence.Label, service.CancellationToken)));
        }
    }

    [Then("every change the TSA made to a request is declared with grantedWithMods and listed in the report")]
    public void ThenModificationsAreDeclared()
    {
        string report = ModificationRequirements.ModificationsAreDeclared(state.Series);
        evidence.Save(evidence.Label + "-modifications", "txt", Encoding.UTF8.GetBytes(report));
    }
}

using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Requirements;
using Conformance.Steps.Context;
using Conformance.TrustedLists.Qualification;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// TSP-QTS-006: the qualified token's TSU against the EU trusted lists supplied for the run (or the inspection). The
/// decision, the deciding list's SHA-256 and the matched service's status timeline are kept as evidence; a copy of the
/// deciding list is kept too, so the evidence names exactly which list decided.
/// </summary>
[Binding]
public sealed class TrustedListSteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence)
{
    [Then("the TSU is a granted qualified time-stamping service on its member state's trusted list at genTime")]
    public void ThenGrantedAtGenTime()
    {
        X509Certificate2 tsu = CmsRequirements.RequireSignerCertificate(state.Token, TrustedListRequirements.Id);
        DateTimeOffset genTime = state.Token.TstInfo?.GenTime
            ?? throw new TargetErrorException("the token's TSTInfo could not be decoded, so there is no genTime to judge the listing at");
        QualificationDecision decision = TrustedListRequirements.Decide(service.Declarations.TrustedLists, tsu,
            state.Token.X509Certificates.Concat(service.Declarations.TrustAnchors), genTime, DateTimeOffset.UtcNow);

        evidence.Save(evidence.Label + "-trusted-list", "txt", Encoding.UTF8.GetBytes(decision.Describe()));
        evidence.Save(evidence.Label + "-trusted-list", "json", JsonSerializer.SerializeToUtf8Bytes(QualificationRecord.From(decision), QualificationRecord.JsonOptions));
        if (decision.List is { } list && File.Exists(list.List.Source))
        {
            evidence.Save($"{evidence.Label}-trusted-list-{list.List.Territory}-seq{list.List.SequenceNumber}", "xml", File.ReadAllBytes(list.List.Source));
        }

        TrustedListRequirements.GrantedAtGenTime(decision);
    }
}

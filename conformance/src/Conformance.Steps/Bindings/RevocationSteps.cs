using System.Security.Cryptography.X509Certificates;
using System.Text;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Requirements;
using Conformance.Checks.Revocation;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// TSP-CERT-010: the TSU certificate's revocation status now, from the CRLs given in the target file, else from its
/// CRL distribution points, and from OCSP when its AIA names a responder. Offline (inspect) the CRL and OCSP sources
/// are still fetched: only the TSA is not contacted.
/// </summary>
[Binding]
public sealed class RevocationSteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence)
{
    [Then("the TSU certificate is not revoked at validation time")]
    public async Task ThenNotRevoked()
    {
        const string id = "TSP-CERT-010";
        X509Certificate2 certificate = CmsRequirements.RequireSignerCertificate(state.Token, id);
        X509Certificate2? issuer = RevocationLookup.FindIssuer(certificate, state.Token.X509Certificates.Concat(service.Declarations.TrustAnchors));
        using TsaHttpClient? ownClient = service.Client is null ? new TsaHttpClient(new TsaHttpOptions { RequestTimeout = TimeSpan.FromSeconds(20) }) : null;
        RevocationLookup lookup = await RevocationLookup.RunAsync(certificate, issuer, service.Declarations.Revocation, service.Client?.Http ?? ownClient,
            evidence, evidence.Label, service.CancellationToken);

        var summary = new StringBuilder();
        summary.Append("Certificate: ").Append(certificate.Subject).Append(", serial ").Append(certificate.SerialNumber).Append('\n');
        summary.Append("Issuer certificate: ").Append(issuer?.Subject ?? "not found among the token's certificates and the trust anchors").Append('\n');
        foreach (CrlSource crl in lookup.Crls)
        {
            summary.Append("CRL: ").Append(crl.Origin).Append(", thisUpdate ").Append(crl.ThisUpdate.ToString("O")).Append(", nextUpdate ")
                .Append(crl.NextUpdate?.ToString("O") ?? "absent").Append(": ").Append(crl.Lookup(certificate).Detail).Append('\n');
        }

        foreach (RevocationAnswer answer in lookup.OcspAnswers)
        {
            summary.Append(answer.Source).Append(": ").Append(answer.Detail).Append('\n');
        }

        foreach (string problem in lookup.Problems)
        {
            summary.Append("Not used: ").Append(problem).Append('\n');
        }

        evidence.Save(evidence.Label + "-revocation", "txt", Encoding.UTF8.GetBytes(summary.ToString()));
        DateTimeOffset? genTime = state.Token.TstInfo?.GenTime;
        RevocationRequirements.NotRevoked(certificate, issuer, lookup, DateTimeOffset.UtcNow, genTime);
    }
}

using System.Security.Cryptography.X509Certificates;
using System.Text;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Requirements;
using Conformance.Checks.Revocation;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// TSP-CERT-010: the TSU certificate's revocation status now, from the CRLs given in the target file, else from its
/// CRL distribution points, and from OCSP when its AIA names a responder. Offline inspection contacts nothing, so there
/// the status is not established (not applicable, with the reason), never assumed.
/// </summary>
[Binding]
public sealed class RevocationSteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence)
{
    [Then("the TSU certificate is not revoked at validation time")]
    public async Task ThenNotRevoked()
    {
        if (service.StoredToken is { } stored)
        {
            throw new NotApplicableException($"{stored.Path} is inspected offline: the TSU certificate's revocation status needs its CA's CRL or OCSP "
                + "and is checked when the suite runs against the live service (revocation: in the target file for local CRLs)");
        }

        X509Certificate2 certificate = CmsRequirements.RequireSignerCertificate(state.Token);
        X509Certificate2? issuer = RevocationLookup.FindIssuer(certificate, state.Token.X509Certificates.Concat(service.Declarations.TrustAnchors));
        RevocationLookup lookup = await RevocationLookup.RunAsync(certificate, issuer, service.Declarations.Revocation, service.RequireClient().Http,
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

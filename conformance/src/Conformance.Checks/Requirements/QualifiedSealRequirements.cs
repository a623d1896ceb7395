using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>
/// EIDAS-ART42-1-C. eIDAS Art. 42(1)(c): a qualified time stamp is signed or sealed by the qualified TSP. Shown on the
/// token: its signature verifies with the TSU certificate's key (TSP-CMS-010's check), the TSU certificate names a
/// legal person as EN 319 412-3 wants it (TSP-CERT-007's) and chains to a trust anchor the TSA declares, at genTime
/// (TSP-CERT-009's). A part that fails is a finding of Art. 42(1)(c) (<see cref="ComposedRequirement"/>).
/// </summary>
public static class QualifiedSealRequirements
{
    public const string Id = "EIDAS-ART42-1-C";

    public static void SealedByTheTsp(TimeStampToken token, X509Certificate2Collection trustAnchors)
    {
        ComposedRequirement.Part(Id, () => CmsRequirements.SignatureVerifies(token));
        X509Certificate2 tsu = CmsRequirements.RequireSignerCertificate(token, Id);
        ComposedRequirement.Part(Id, () => CertificateRequirements.LegalPersonSubject(tsu));
        DateTimeOffset genTime = TokenRequirements.RequireGenTime(token, Id);
        ComposedRequirement.Part(Id, () => CertificateRequirements.PathValidatesToTrustAnchor(tsu, token.X509Certificates, trustAnchors, genTime));
    }
}

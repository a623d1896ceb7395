using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// Outcome steps about the TSU certificate: the certificate the token's SignerInfo names, taken from the token's
/// certificate set (online the request asks for it; offline it applies only when the stored token carries it).
/// </summary>
[Binding]
public sealed class CertificateSteps(ServiceUnderTest service, TimeStampingState state)
{
    /// <summary>The TSU certificate (already in the evidence as the token's certificate files).</summary>
    /// <remarks>Without a matching certificate, a finding against the scenario's requirement.</remarks>
    private X509Certificate2 Tsu() => CmsRequirements.RequireSignerCertificate(state.Token);

    private DateTimeOffset GenTime() => TokenRequirements.RequireGenTime(state.Token);

    [Then("the TSU certificate's extended key usage is time stamping only")]
    public void ThenEkuTimeStampingOnly() => CertificateRequirements.ExtendedKeyUsageIsTimeStampingOnly(Tsu());

    [Then("the TSU certificate's extended key usage is critical")]
    public void ThenEkuCritical() => CertificateRequirements.ExtendedKeyUsageIsCritical(Tsu());

    [Then("the TSU certificate's key usage allows signing only")]
    public void ThenKeyUsage() => CertificateRequirements.KeyUsageIsSigningOnly(Tsu());

    [Then("the TSU certificate is not a CA certificate")]
    public void ThenEndEntity() => CertificateRequirements.IsEndEntity(Tsu());

    [Then("the TSU certificate limits its private key's usage period to end before the certificate")]
    public void ThenPkup() => CertificateRequirements.PrivateKeyUsagePeriodLimitsTheKey(Tsu());

    [Then("the private key expiry the TSU certificate declares is not later than its notAfter")]
    public void ThenDeclaredKeyExpiry() => KeyExpiryRequirements.DeclaredKeyExpiryNotAfterCertificate(Tsu());

    [Then("the TSU certificate's subject names the country, the TSA and the unit")]
    public void ThenSubject() => CertificateRequirements.SubjectNamesTheTsaAndTsu(Tsu());

    [Then("the TSU certificate's subject is a well-formed legal-person name")]
    public void ThenLegalPerson() => CertificateRequirements.LegalPersonSubject(Tsu());

    [Then("the TSU certificate's extensions follow the EN 319 412-2 profile")]
    public void ThenExtensions() => CertificateRequirements.ExtensionsFollowEn319412(Tsu());

    [Then("the TSU certificate chains to a declared trust anchor at genTime")]
    public void ThenPath()
    {
        X509Certificate2 certificate = Tsu();
        CertificateRequirements.PathValidatesToTrustAnchor(certificate, state.Token.X509Certificates, service.Declarations.TrustAnchors, GenTime());
    }

    [Then("the TSU key's algorithm and size are acceptable under the applicable crypto policy")]
    public void ThenKeyAcceptable() =>
        AlgorithmRequirements.TsuKeyAcceptable(Tsu(), CryptoPolicies.For(IsQualified()), GenTime());

    [Then("the TSU certificate does not outlive its algorithm under the applicable crypto policy")]
    public void ThenValidityWithinAlgorithm() =>
        AlgorithmRequirements.CertificateValidityWithinAlgorithmLifetime(Tsu(),
            CmsRequirements.RequireSigner(state.Token).SignatureAlgorithmOid, CryptoPolicies.For(IsQualified()));

    [Then("the TSU certificate does not exempt itself from revocation checking")]
    public void ThenNoOcspNoCheck() => CertificateRequirements.NoOcspNoCheck(Tsu());

    [Then("the TSU certificate's qualified statements, if any, are well formed")]
    public void ThenCertificateQcStatements() => CertificateRequirements.CertificateQcStatementsAreWellFormed(Tsu());

    [Then("genTime lies within the TSU certificate's validity and private key usage period")]
    public void ThenGenTimeWithinValidity() =>
        TstInfoRequirements.GenTimeWithinCertificateValidity(TokenRequirements.RequireTstInfo(state.Token), Tsu());

    [Then("the tsa field, if present, names the TSU certificate's subject")]
    public void ThenTsaName()
    {
        TstInfo tst = TokenRequirements.RequireTstInfo(state.Token);
        if (tst.TsaName is null)
        {
            return;
        }

        TstInfoRequirements.TsaNameMatchesCertificate(tst, Tsu());
    }

    /// <summary>The digest and the signature scheme need no certificate; without one only the key size stays unjudged.</summary>
    [Then("the token's digest and signature algorithms are acceptable at genTime under the applicable crypto policy")]
    public void ThenAlgorithmsAcceptable() =>
        AlgorithmRequirements.TokenAlgorithmsAcceptable(state.Token, state.Token.FindSignerCertificate(), CryptoPolicies.For(IsQualified()));

    [Then("the token's digest and signature algorithms are still acceptable today under the applicable crypto policy")]
    public void ThenAlgorithmsStillAcceptable() =>
        AlgorithmRequirements.TokenAlgorithmsStillAcceptable(state.Token, state.Token.FindSignerCertificate(), CryptoPolicies.For(IsQualified()),
            DateOnly.FromDateTime(DateTime.UtcNow));

    [Then("the TSU certificate is issued under NCP+ or a qualified legal-person policy")]
    public void ThenNcpPlus() => QualifiedRequirements.TsuCertificateUnderNcpPlus(Tsu());

    /// <summary>Qualified when the token came from the qualified endpoint or declares itself qualified (esi4-qtstStatement-1).</summary>
    private bool IsQualified() =>
        (state.Url is not null && state.Url == service.QualifiedUrl) || QualifiedRequirements.DeclaresQualified(state.Token);
}

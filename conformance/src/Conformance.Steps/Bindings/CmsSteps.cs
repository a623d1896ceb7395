using Conformance.Checks.Requirements;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>Outcome steps about the token's CMS structure (RFC 3161 §2.4.2, RFC 5652 §5). They work on fresh and stored tokens.</summary>
[Binding]
public sealed class CmsSteps(TimeStampingState state)
{
    [Then("the token is a ContentInfo of type signed data")]
    public void ThenContentInfoIsSignedData() => CmsRequirements.ContentInfoIsSignedData(state.TokenBytes);

    [Then("the signed data encapsulates a TSTInfo")]
    public void ThenEncapsulatesTstInfo() => CmsRequirements.EncapsulatesTstInfo(state.Token);

    [Then("the TSTInfo is encoded in strict DER")]
    public void ThenTstInfoIsDer() => CmsRequirements.TstInfoIsDer(state.Token);

    [Then("the signed data has exactly one signer")]
    public void ThenOneSigner() => CmsRequirements.HasExactlyOneSignerInfo(state.Token);

    [Then("the signed data version is 3")]
    public void ThenVersionThree() => CmsRequirements.SignedDataVersionIsThree(state.Token);

    [Then("the signed attributes bind the content type and the digest of the TSTInfo")]
    public void ThenSignedAttributesBindContent() => CmsRequirements.SignedAttributesBindTheContent(state.Token);

    [Then("a signing-certificate attribute identifies the TSU certificate")]
    public void ThenSigningCertificatePresent() => CmsRequirements.SigningCertificateAttributePresent(state.Token);

    [Then("the first certificate identifier matches the signer's certificate")]
    public void ThenSigningCertificateMatches() => CmsRequirements.SigningCertificateMatchesSigner(state.Token);

    [Then("the certificate identifier uses a hash other than SHA-1")]
    public void ThenNoSha1CertId() => CmsRequirements.CertificateIdentifierAvoidsSha1(state.Token);

    [Then("the signature verifies with the TSU certificate's public key")]
    public void ThenSignatureVerifies() => CmsRequirements.SignatureVerifies(state.Token);

    [Then("the signer identifier names the TSU certificate with the matching SignerInfo version")]
    public void ThenSidConsistent() => CmsRequirements.SignerIdentifierIsConsistent(state.Token);

    [Then("an algorithm-protection attribute, if present, names the signer's algorithms")]
    public void ThenAlgorithmProtection() => CmsRequirements.AlgorithmProtectionMatches(state.Token);

    [Then("a signing-time attribute, if present, agrees with genTime")]
    public void ThenSigningTime() => CmsRequirements.SigningTimeAgreesWithGenTime(state.Token);

    [Then("independent decoders accept the token and read the same values")]
    public void ThenDecodersAgree() => DecoderCrossCheck.DecodersAgree(state.Token.Encoded);
}

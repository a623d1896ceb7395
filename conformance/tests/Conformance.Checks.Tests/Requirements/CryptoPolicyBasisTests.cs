using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Catalogue;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Requirements;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Conformance.Checks.Tests.Requirements;

/// <summary>
/// A TSU-key finding that rests on something other than a verified row of the policy in force (here: the RSA exponent
/// bound, written in the check from TS 119 312 V2.1.1 §6.2.2.1) names that basis, so it is never graded a nonconformity.
/// </summary>
public sealed class CryptoPolicyBasisTests
{
    private static readonly DateTimeOffset AfterV211 = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

    private static CryptoPolicy Policy(string id) => TokenCheckTests.Policy(id);

    /// <summary>A self-signed RSA-3072 certificate whose public exponent is 3 (acceptable size, unacceptable exponent).</summary>
    private static X509Certificate2 ExponentThreeCertificate()
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(Org.BouncyCastle.Math.BigInteger.Three, new SecureRandom(), 3072, 25));
        var key = (RsaPrivateCrtKeyParameters)generator.GenerateKeyPair().Private;
        using RSA rsa = RSA.Create(DotNetUtilities.ToRSAParameters(key));
        var request = new CertificateRequest("CN=TSU with e=3", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(AfterV211.AddMonths(-1), AfterV211.AddYears(1));
    }

    [Fact]
    public void The_exponent_bound_decides_only_under_the_verified_edition_it_comes_from()
    {
        using X509Certificate2 certificate = ExponentThreeCertificate();

        var verified = Assert.Throws<RequirementNotMetException>(() => AlgorithmRequirements.TsuKeyAcceptable(certificate, Policy("ts119312-v2.1.1"), AfterV211));
        Assert.Equal("3", verified.Observed);
        Assert.Null(verified.PlaceholderBasis);

        var acm = Assert.Throws<RequirementNotMetException>(() => AlgorithmRequirements.TsuKeyAcceptable(certificate, Policy("eccg-acm-v2"), AfterV211));
        Assert.Equal("3", acm.Observed);
        Assert.Contains("not from eccg-acm-v2", acm.PlaceholderBasis);

        var beforeV211 = Assert.Throws<RequirementNotMetException>(() =>
            AlgorithmRequirements.TsuKeyAcceptable(certificate, Policy("ts119312-v2.1.1"), new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Contains("applies from 2026-06-30", beforeV211.PlaceholderBasis);
    }
}

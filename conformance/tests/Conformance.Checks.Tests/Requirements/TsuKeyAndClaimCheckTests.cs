using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;

namespace Conformance.Checks.Tests.Requirements;

/// <summary>TSP-CERT-015 (one active key per TSU), TSP-QTS-008 (qualified-claim wording), EIDAS-ART42-1-A (tamper evidence).</summary>
public sealed class TsuKeyAndClaimCheckTests
{
    private static X509Certificate2 Certificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static List<TsuKeyRequirements.SignedSample> Series(params X509Certificate2[] signers) =>
        [.. signers.Select((s, i) => new TsuKeyRequirements.SignedSample(DateTimeOffset.UnixEpoch.AddSeconds(i), $"token {i + 1}", s))];

    [Fact]
    public void One_key_per_tsu_name_and_a_single_rollover_pass()
    {
        X509Certificate2 a = Certificate("CN=TSU 1"), b = Certificate("CN=TSU 1"), other = Certificate("CN=TSU 2");
        TsuKeyRequirements.OneActiveKeyPerTsu(Series(a, other, a, other, b, b, other));
    }

    [Fact]
    public void A_tsu_name_going_back_to_an_earlier_key_fails_CERT_015()
    {
        X509Certificate2 a = Certificate("CN=TSU 1"), b = Certificate("CN=TSU 1");

        var finding = Assert.Throws<RequirementNotMetException>(() => TsuKeyRequirements.OneActiveKeyPerTsu(Series(a, b, a)));

        Assert.Equal("TSP-CERT-015", finding.RequirementId);
        Assert.Contains("token 3", finding.Observed);
        Assert.Contains(TsuKeyRequirements.KeyOf(a)[..16], finding.Observed);
    }

    [Fact]
    public void The_qualified_claim_is_worded_as_a_declaration_and_an_overclaim_fails_QTS_008()
    {
        var qualified = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { QcStatements = true }).Token);
        var plain = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec()).Token);

        string wording = QualifiedClaimWording.Describe(qualified);
        QualifiedClaimWording.DoesNotClaimQualifiedStatus(wording);
        QualifiedClaimWording.DoesNotClaimQualifiedStatus(QualifiedClaimWording.Describe(plain));
        Assert.Contains("declares itself qualified", wording);

        var overclaim = Assert.Throws<RequirementNotMetException>(() => QualifiedClaimWording.DoesNotClaimQualifiedStatus("the token is a qualified electronic time stamp"));
        Assert.Equal("TSP-QTS-008", overclaim.RequirementId);
        Assert.Throws<RequirementNotMetException>(() => QualifiedClaimWording.DoesNotClaimQualifiedStatus("the token declares itself qualified (esi4-qtstStatement-1)"));
    }

    [Fact]
    public void Changing_the_stamped_imprint_of_a_signed_token_is_detected()
    {
        TimeStampToken token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec()).Token);
        TamperEvidenceRequirements.AlteredImprintIsDetected(token);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;

namespace Conformance.Checks.Tests.Requirements;

/// <summary>
/// EIDAS-ART42-1-A and EIDAS-ART42-1-C compose the imprint, CMS and certificate checks: a part that fails is a finding
/// of the eIDAS requirement (the scenario claiming it reports and grades it there), naming the part's own requirement
/// and keeping its expected and observed values; the good token passes.
/// </summary>
public sealed class QualifiedCompositionCheckTests
{
    /// <summary>The request the crafted tokens answer: their imprint is SHA-256("crafted").</summary>
    private static TimeStampRequest Request(byte[]? hash = null) =>
        new() { HashAlgorithmOid = Oids.Sha256, HashedMessage = hash ?? SHA256.HashData("crafted"u8) };

    private static TimeStampToken Token(TokenSpec? spec = null) => CraftedTokens.Decode(CraftedTokens.Build(spec).Token);

    private static RequirementNotMetException Fails(string id, string part, Action check)
    {
        var finding = Assert.Throws<RequirementNotMetException>(check);
        Assert.Equal(id, finding.RequirementId);
        Assert.False(finding.IsScenarioFinding);
        Assert.StartsWith($"{id}: the {part} check finds: ", finding.Message);
        return finding;
    }

    [Fact]
    public void A_good_token_binds_its_time_to_the_data_and_is_sealed_by_the_tsu()
    {
        TimeStampToken token = Token();

        TamperEvidenceRequirements.TimeIsBoundToTheData(Request(), token);
        QualifiedSealRequirements.SealedByTheTsp(token, [CraftedTokens.Root]);
    }

    [Fact]
    public void Another_imprint_is_an_Art42_1_a_finding_naming_TST_003()
    {
        byte[] other = SHA256.HashData("other data"u8);

        var f = Fails("EIDAS-ART42-1-A", "TSP-TST-003", () => TamperEvidenceRequirements.TimeIsBoundToTheData(Request(other), Token()));

        Assert.Contains(Convert.ToHexString(other), f.Expected);
        Assert.Contains(Convert.ToHexString(SHA256.HashData("crafted"u8)), f.Observed);
    }

    [Fact]
    public void A_signature_that_does_not_verify_is_an_Art42_finding_naming_CMS_010_under_a_and_c()
    {
        TimeStampToken token = Token(new TokenSpec { TamperSignature = true });

        var a = Fails("EIDAS-ART42-1-A", "TSP-CMS-010", () => TamperEvidenceRequirements.TimeIsBoundToTheData(Request(), token));
        var c = Fails("EIDAS-ART42-1-C", "TSP-CMS-010", () => QualifiedSealRequirements.SealedByTheTsp(token, [CraftedTokens.Root]));

        Assert.Equal("a valid signature", a.Expected);
        Assert.Equal(a.Observed, c.Observed);
    }

    [Fact]
    public void A_subject_without_organizationIdentifier_is_an_Art42_1_c_finding_naming_CERT_007()
    {
        TimeStampToken token = Token(new TokenSpec { Cert = new CertSpec { OrganizationIdentifier = false } });

        var f = Fails("EIDAS-ART42-1-C", "TSP-CERT-007", () => QualifiedSealRequirements.SealedByTheTsp(token, [CraftedTokens.Root]));

        Assert.Equal("1 organizationIdentifier", f.Expected);
    }

    [Fact]
    public void A_certificate_outside_the_declared_anchors_is_an_Art42_1_c_finding_naming_CERT_009()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 otherRoot = new CertificateRequest("CN=Other Root", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1));

        Fails("EIDAS-ART42-1-C", "TSP-CERT-009", () => QualifiedSealRequirements.SealedByTheTsp(Token(), [otherRoot]));
    }

    [Fact]
    public void A_part_keeps_its_placeholder_basis_and_a_finding_of_the_same_requirement_keeps_its_text()
    {
        var part = new RequirementNotMetException("TSP-CERT-011", "the key is too short", "3072 bits", "1024 bits") { PlaceholderBasis = "row X" };
        var own = new RequirementNotMetException("EIDAS-ART42-1-A", "a changed copy still verifies");

        Assert.Equal("row X", part.AsPartOf("EIDAS-ART42-1-A").PlaceholderBasis);
        Assert.Equal("EIDAS-ART42-1-A: the TSP-CERT-011 check finds: the key is too short (expected: 3072 bits; observed: 1024 bits)", part.AsPartOf("EIDAS-ART42-1-A").Message);
        Assert.Equal(own.Message, own.AsPartOf("EIDAS-ART42-1-A").Message);
        Assert.Equal("EIDAS-ART42-1-C: x", RequirementNotMetException.ForScenario("x").AsPartOf("EIDAS-ART42-1-C").Message);
    }
}

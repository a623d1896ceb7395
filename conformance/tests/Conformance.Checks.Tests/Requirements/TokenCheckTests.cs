using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Catalogue;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;

namespace Conformance.Checks.Tests.Requirements;

/// <summary>
/// Each check bites: a crafted token or certificate that breaks exactly one requirement fails with that requirement's
/// ID and the expected and observed values; the good token passes every check.
/// </summary>
public sealed class TokenCheckTests
{
    private static readonly string[] Declared = ["1.3.6.1.4.1.99999.1.1"];

    private static RequirementNotMetException Fails(string id, Action check)
    {
        var finding = Assert.Throws<RequirementNotMetException>(check);
        Assert.Equal(id, finding.RequirementId);
        Assert.StartsWith(id + ": ", finding.Message);
        return finding;
    }

    /// <summary>A crypto policy of the catalogue in spec/ (shared with the other algorithm tests).</summary>
    internal static CryptoPolicy Policy(string id)
    {
        string spec = SpecDirectoryLocator.Locate(null, AppContext.BaseDirectory) ?? throw new InvalidOperationException("spec/ not found");
        return CatalogueLoader.Load(spec).Catalogue.CryptoPolicies.Single(p => p.Id == id);
    }

    private static void AllTokenChecks(TimeStampToken token, X509Certificate2 cert)
    {
        CmsRequirements.ContentInfoIsSignedData(token.Encoded);
        CmsRequirements.EncapsulatesTstInfo(token);
        CmsRequirements.TstInfoIsDer(token);
        CmsRequirements.HasExactlyOneSignerInfo(token);
        CmsRequirements.SignedDataVersionIsThree(token);
        CmsRequirements.SignedAttributesBindTheContent(token);
        CmsRequirements.SigningCertificateAttributePresent(token);
        CmsRequirements.SigningCertificateMatchesSigner(token);
        CmsRequirements.CertificateIdentifierAvoidsSha1(token);
        CmsRequirements.SignatureVerifies(token);
        CmsRequirements.SignerIdentifierIsConsistent(token);
        CmsRequirements.AlgorithmProtectionMatches(token);
        CmsRequirements.SigningTimeAgreesWithGenTime(token);
        DecoderCrossCheck.DecodersAgree(token.Encoded);
        TstInfo tst = token.TstInfo!;
        TstInfoRequirements.PolicyIsDeclared(tst, Declared);
        TstInfoRequirements.SerialIsPositiveAndAtMost160Bits(tst);
        TstInfoRequirements.GenTimeIsWellFormed(tst);
        TstInfoRequirements.GenTimePrecisionSupportsAccuracy(tst);
        TstInfoRequirements.AccuracyPartsInRange(tst);
        TstInfoRequirements.OrderingIsFalse(tst);
        TstInfoRequirements.NoCriticalExtension(tst);
        TstInfoRequirements.GenTimeWithinCertificateValidity(tst, cert);
        TstInfoRequirements.TsaNameMatchesCertificate(tst, cert);
        TokenRequirements.AccuracyIsPresentAndAtMost(tst, TimeSpan.FromSeconds(1));
        CertificateRequirements.ExtendedKeyUsageIsTimeStampingOnly(cert);
        CertificateRequirements.ExtendedKeyUsageIsCritical(cert);
        CertificateRequirements.KeyUsageIsSigningOnly(cert);
        CertificateRequirements.IsEndEntity(cert);
        CertificateRequirements.PrivateKeyUsagePeriodLimitsTheKey(cert);
        CertificateRequirements.SubjectNamesTheTsaAndTsu(cert);
        CertificateRequirements.LegalPersonSubject(cert);
        CertificateRequirements.ExtensionsFollowEn319412(cert);
        CertificateRequirements.PathValidatesToTrustAnchor(cert, token.X509Certificates, [CraftedTokens.Root], tst.GenTime!.Value);
        CertificateRequirements.NoOcspNoCheck(cert);
        CertificateRequirements.CertificateQcStatementsAreWellFormed(cert);
        AlgorithmRequirements.TokenAlgorithmsAcceptable(token, cert, Policy("ts119312-v1.5.1"));
        AlgorithmRequirements.TsuKeyAcceptable(cert, Policy("ts119312-v1.5.1"), tst.GenTime!.Value);
        AlgorithmRequirements.CertificateValidityWithinAlgorithmLifetime(cert, token.Signer!.SignatureAlgorithmOid, Policy("ts119312-v1.5.1"));
        QualifiedRequirements.TsuCertificateUnderNcpPlus(cert);
    }

    [Fact]
    public void A_good_crafted_token_passes_every_check()
    {
        var (bytes, _) = CraftedTokens.Build(new TokenSpec { TsaNameMatches = true });
        TimeStampToken token = CraftedTokens.Decode(bytes);
        X509Certificate2 cert = token.FindSignerCertificate()!;
        AllTokenChecks(token, cert);
    }

    [Fact]
    public void A_good_qualified_token_passes_the_qualified_checks()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { QcStatements = true }).Token);
        Assert.True(QualifiedRequirements.DeclaresQualified(token));
        QualifiedRequirements.HasOneQcStatementsExtension(token.TstInfo!);
        QualifiedRequirements.QcStatementIsEsi4(token.TstInfo!);
        QualifiedRequirements.QcStatementsNotCritical(token.TstInfo!);
        TstInfoRequirements.NoCriticalExtension(token.TstInfo!);
    }

    [Fact]
    public void Missing_accuracy_fails_TST_008()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { Accuracy = false }).Token);
        var f = Fails("TSP-TST-008", () => TokenRequirements.AccuracyIsPresentAndAtMost(token.TstInfo!, TimeSpan.FromSeconds(1)));
        Assert.Equal("accuracy absent", f.Observed);
    }

    [Fact]
    public void Ordering_true_fails_TST_010()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { Ordering = true }).Token);
        var f = Fails("TSP-TST-010", () => TstInfoRequirements.OrderingIsFalse(token.TstInfo!));
        Assert.Equal("TRUE", f.Observed);
    }

    [Fact]
    public void Explicit_ordering_false_fails_CMS_003_and_the_decoder_cross_check()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { Ordering = false }).Token);
        var f = Fails("TSP-CMS-003", () => CmsRequirements.TstInfoIsDer(token));
        Assert.Contains("ordering FALSE", f.Observed);
        TstInfoRequirements.OrderingIsFalse(token.TstInfo!); // FALSE is allowed by TSP-TST-010, only its encoding is wrong
        // The strict decoder's rejection is the TSP-CMS-003 finding: the cross-check names it instead of repeating it.
        var cross = Assert.Throws<NotApplicableException>(() => DecoderCrossCheck.DecodersAgree(token.Encoded));
        Assert.Contains("judged under TSP-CMS-003", cross.Message);
        Assert.Contains("strict DER (System.Formats.Asn1): rejected: TSTInfo not DER", cross.Message);
        Assert.Contains("BouncyCastle TimeStampToken: accepted", cross.Message);
    }

    [Theory]
    [InlineData(nameof(TokenSpec.WrongCertHash), "TSP-CMS-008", "signing-certificate attribute does not match")]
    [InlineData(nameof(TokenSpec.TwoSigners), "TSP-CMS-004", "2 SignerInfos, where it requires exactly one")]
    public void The_cross_check_gives_each_decoders_own_reason_and_names_the_check_that_judges_it(string deviation, string judgedBy, string reason)
    {
        var spec = deviation == nameof(TokenSpec.WrongCertHash) ? new TokenSpec { WrongCertHash = true } : new TokenSpec { TwoSigners = true };
        var token = CraftedTokens.Decode(CraftedTokens.Build(spec).Token);
        var readings = DecoderCrossCheck.ReadAll(token.Encoded);
        var dotnet = Assert.Single(readings, r => r.Decoder == ".NET Rfc3161TimestampToken");
        Assert.Contains(reason, dotnet.Error);
        Assert.Equal(judgedBy, dotnet.JudgedBy);
        Assert.DoesNotContain(readings, r => r.Error == "TryDecode returned false");
    }

    [Fact]
    public void Ess_cert_id_v1_only_fails_CMS_009_but_satisfies_CMS_007_and_008()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { EssV1Only = true }).Token);
        CmsRequirements.SigningCertificateAttributePresent(token);
        CmsRequirements.SigningCertificateMatchesSigner(token);
        var f = Fails("TSP-CMS-009", () => CmsRequirements.CertificateIdentifierAvoidsSha1(token));
        Assert.Equal("SigningCertificate (ESSCertID, SHA-1) only", f.Observed);
    }

    [Fact]
    public void A_wrong_cert_hash_fails_CMS_008_and_REQ_003()
    {
        var (bytes, tsu) = CraftedTokens.Build(new TokenSpec { WrongCertHash = true });
        var token = CraftedTokens.Decode(bytes);
        var f = Fails("TSP-CMS-008", () => CmsRequirements.SigningCertificateMatchesSigner(token));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(tsu.RawData)) + $" ({Oids.Sha256})", f.Expected);
        Fails("TSP-REQ-003", () => RequestRequirements.CertificatesIncludeTheTsuCertificate(token));
    }

    [Fact]
    public void Two_signer_infos_fail_CMS_004()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { TwoSigners = true }).Token);
        var f = Fails("TSP-CMS-004", () => CmsRequirements.HasExactlyOneSignerInfo(token));
        Assert.Equal("2 SignerInfos", f.Observed);
    }

    [Fact]
    public void A_tampered_signature_fails_CMS_010()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { TamperSignature = true }).Token);
        var f = Fails("TSP-CMS-010", () => CmsRequirements.SignatureVerifies(token));
        Assert.Contains("ECDSA verification failed", f.Observed);
    }

    [Fact]
    public void A_critical_extension_fails_TST_013_and_a_critical_qc_statements_fails_QTS_003()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { CriticalExtension = true }).Token);
        var f = Fails("TSP-TST-013", () => TstInfoRequirements.NoCriticalExtension(token.TstInfo!));
        Assert.Equal("critical: 1.3.6.1.4.1.99999.7", f.Observed);

        var qualified = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { QcStatements = true, QcStatementsCritical = true }).Token);
        Fails("TSP-QTS-003", () => QualifiedRequirements.QcStatementsNotCritical(qualified.TstInfo!));
    }

    [Fact]
    public void Qc_statements_missing_fails_QTS_001_and_a_statement_info_fails_QTS_002()
    {
        var plain = CraftedTokens.Decode(CraftedTokens.Build().Token);
        var f = Fails("TSP-QTS-001", () => QualifiedRequirements.HasOneQcStatementsExtension(plain.TstInfo!));
        Assert.StartsWith("0;", f.Observed);

        var withInfo = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { QcStatements = true, QcStatementInfo = true }).Token);
        var g = Fails("TSP-QTS-002", () => QualifiedRequirements.QcStatementIsEsi4(withInfo.TstInfo!));
        Assert.Equal("0.4.0.19422.1.1 with statementInfo", g.Observed);
    }

    [Fact]
    public void Qualified_service_issuing_a_plain_token_fails_QTS_004()
    {
        var qualified = CraftedTokens.Response(CraftedTokens.Build(new TokenSpec { QcStatements = true }).Token);
        var plain = CraftedTokens.Response(CraftedTokens.Build().Token);
        var f = Fails("TSP-QTS-004", () => QualifiedRequirements.EveryTokenIsQualified([("reqPolicy absent", qualified), ("reqPolicy BTSP", plain)]));
        Assert.StartsWith("reqPolicy BTSP", f.Observed);
    }

    [Fact]
    public void Same_tsu_name_on_both_endpoints_fails_QTS_005()
    {
        var a = CraftedTokens.Build().Tsu;
        var b = CraftedTokens.Build().Tsu; // same subject name, different key
        var f = Fails("TSP-QTS-005", () => QualifiedRequirements.ServicesAreSeparated(a, b, []));
        Assert.Equal("different subject names", f.Expected);
    }

    [Fact]
    public void A_wrong_policy_fails_TST_002()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { Policy = "1.2.3.4.5" }).Token);
        var f = Fails("TSP-TST-002", () => TstInfoRequirements.PolicyIsDeclared(token.TstInfo!, Declared));
        Assert.Equal("1.2.3.4.5", f.Observed);
        Assert.Contains(Oids.BestPracticesTimeStampPolicy, f.Expected);
    }

    [Theory]
    [InlineData("20260601120000.50Z")]
    [InlineData("202606011200Z")]
    [InlineData("20260601120000,5Z")]
    [InlineData("20260601120000.0Z")]
    public void A_malformed_gen_time_fails_TST_006(string genTime)
    {
        var tst = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { GenTime = genTime }).Token).TstInfo;
        if (tst is null)
        {
            return; // the strict decoder could not even read it; TSP-CMS-003 / TSP-CMS-014 report that
        }

        var f = Fails("TSP-TST-006", () => TstInfoRequirements.GenTimeIsWellFormed(tst));
        Assert.Equal(genTime, f.Observed);
    }

    [Fact]
    public void A_serial_over_160_bits_fails_TST_005_and_accuracy_millis_out_of_range_fails_TST_009()
    {
        var big = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { Serial = System.Numerics.BigInteger.Pow(2, 170) }).Token);
        Assert.Equal("171 bits", Fails("TSP-TST-005", () => TstInfoRequirements.SerialIsPositiveAndAtMost160Bits(big.TstInfo!)).Observed);
        var millis = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { AccuracyMillis = 1000 }).Token);
        Assert.Equal("1000", Fails("TSP-TST-009", () => TstInfoRequirements.AccuracyPartsInRange(millis.TstInfo!)).Observed);
    }

    [Fact]
    public void Whole_seconds_with_sub_second_accuracy_fail_TST_007()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { AccuracyMillis = 100, GenTime = "20260601120000Z" }).Token);
        Fails("TSP-TST-007", () => TstInfoRequirements.GenTimePrecisionSupportsAccuracy(token.TstInfo!));
    }

    [Fact]
    public void A_tsa_name_of_someone_else_fails_TST_012()
    {
        var (bytes, tsu) = CraftedTokens.Build(new TokenSpec { TsaNameOther = true });
        var f = Fails("TSP-TST-012", () => TstInfoRequirements.TsaNameMatchesCertificate(CraftedTokens.Decode(bytes).TstInfo!, tsu));
        Assert.Equal("CN=Someone Else, C=NO", f.Observed);
    }

    [Fact]
    public void Gen_time_outside_the_certificate_or_key_usage_period_fails_TST_014()
    {
        var (bytes, tsu) = CraftedTokens.Build(new TokenSpec { GenTime = "20280101000000Z" });
        var f = Fails("TSP-TST-014", () => TstInfoRequirements.GenTimeWithinCertificateValidity(CraftedTokens.Decode(bytes).TstInfo!, tsu));
        Assert.Contains("validity", f.Message);
        var (late, tsu2) = CraftedTokens.Build(new TokenSpec { GenTime = "20261215000000Z" }); // after PKUP end (notAfter - 30 days)
        var g = Fails("TSP-TST-014", () => TstInfoRequirements.GenTimeWithinCertificateValidity(CraftedTokens.Decode(late).TstInfo!, tsu2));
        Assert.Contains("privateKeyUsagePeriod", g.Message);
    }

    [Fact]
    public void Certificate_profile_deviations_fail_their_requirement()
    {
        Assert.Equal("non-critical", Fails("TSP-CERT-002", () => CertificateRequirements.ExtendedKeyUsageIsCritical(CraftedTokens.Certificate(new CertSpec { EkuCritical = false }))).Observed);
        Assert.Equal($"{Oids.TimeStamping}, 1.3.6.1.5.5.7.3.4", Fails("TSP-CERT-001", () => CertificateRequirements.ExtendedKeyUsageIsTimeStampingOnly(CraftedTokens.Certificate(new CertSpec { ExtraEku = true }))).Observed);
        Assert.Equal("cA TRUE", Fails("TSP-CERT-004", () => CertificateRequirements.IsEndEntity(CraftedTokens.Certificate(new CertSpec { Ca = true }))).Observed);
        Fails("TSP-CERT-003", () => CertificateRequirements.KeyUsageIsSigningOnly(CraftedTokens.Certificate(new CertSpec { KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment })));
        Assert.Equal("absent", Fails("TSP-CERT-005", () => CertificateRequirements.PrivateKeyUsagePeriodLimitsTheKey(CraftedTokens.Certificate(new CertSpec { Pkup = false }))).Observed);
        Fails("TSP-CERT-007", () => CertificateRequirements.LegalPersonSubject(CraftedTokens.Certificate(new CertSpec { OrganizationIdentifier = false })));
        Assert.Contains("missing authorityInfoAccess", Fails("TSP-CERT-008", () => CertificateRequirements.ExtensionsFollowEn319412(CraftedTokens.Certificate(new CertSpec { Aia = false }))).Observed);
        Assert.Throws<NotApplicableException>(() => QualifiedRequirements.TsuCertificateUnderNcpPlus(CraftedTokens.Certificate(new CertSpec { CertificatePolicy = "1.3.6.1.4.1.99999.9" })));
        Assert.Equal("0.4.0.2042.1.1", Fails("TSP-QTS-007", () => QualifiedRequirements.TsuCertificateUnderNcpPlus(CraftedTokens.Certificate(new CertSpec { CertificatePolicy = "0.4.0.2042.1.1" }))).Observed);
    }

    [Fact]
    public void A_certificate_from_another_root_fails_CERT_009()
    {
        var (bytes, tsu) = CraftedTokens.Build();
        using var other = ECDsa.Create();
        using var otherRoot = new CertificateRequest("CN=Unrelated Root", other, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(5));
        var token = CraftedTokens.Decode(bytes);
        var f = Fails("TSP-CERT-009", () => CertificateRequirements.PathValidatesToTrustAnchor(tsu, token.X509Certificates, [otherRoot], token.TstInfo!.GenTime!.Value));
        Assert.Contains("CN=Unrelated Root", f.Expected);
    }

    [Fact]
    public void A_sha1_digest_fails_ALG_001_and_an_rsa_pkcs1_certificate_beyond_2028_fails_CERT_012()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { Digest = HashAlgorithmName.SHA1, GenTime = "20261001120000Z" }).Token);
        // Against the verified TS 119 312 V2.1.1 table, in force at this token's genTime: the finding is decisive.
        var f = Fails("TSP-ALG-001", () => AlgorithmRequirements.TokenAlgorithmsAcceptable(token, token.FindSignerCertificate()!, Policy("ts119312-v2.1.1")));
        Assert.Contains("sha1: not acceptable per ETSI TS 119 312 V2.1.1 (2026-06), Table 1 (hash functions): not listed", f.Observed);
        Assert.Null(f.PlaceholderBasis);
        // Against the DSS encoding of V1.5.1 (read second-hand) the same finding only supports an observation.
        var old = Fails("TSP-ALG-001", () => AlgorithmRequirements.TokenAlgorithmsAcceptable(token, token.FindSignerCertificate()!, Policy("ts119312-v1.5.1")));
        Assert.Contains("sha1: not acceptable after 2012-07-31 per ETSI TS 119 312 V1.5.1", old.Observed);
        Assert.Contains("not verified", old.PlaceholderBasis);
        // The digest needs no certificate: a token without one is still judged.
        Fails("TSP-ALG-001", () => AlgorithmRequirements.TokenAlgorithmsAcceptable(token, null, Policy("ts119312-v2.1.1")));

        var rsa = CraftedTokens.Certificate(new CertSpec { Rsa2048 = true, NotBefore = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), NotAfter = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        var g = Fails("TSP-CERT-012", () => AlgorithmRequirements.CertificateValidityWithinAlgorithmLifetime(rsa, "1.2.840.113549.1.1.11", Policy("ts119312-v1.5.1")));
        Assert.Equal("notAfter on or before 2028-12-31", g.Expected);
        Assert.NotNull(g.PlaceholderBasis);
        // Issued after TS 119 312 V2.1.1 applies: RSA-2048 ends 2026-12-31 there (Table 6), a verified row.
        var h = Fails("TSP-CERT-012", () => AlgorithmRequirements.CertificateValidityWithinAlgorithmLifetime(rsa, "1.2.840.113549.1.1.11", Policy("ts119312-v2.1.1")));
        Assert.Equal("notAfter on or before 2026-12-31", h.Expected);
        Assert.Null(h.PlaceholderBasis);
        // The ECCG ACM rows restate TS 119 312 V2.1.1 (ACM not read): RSA below 3000 bits ends with 2026, as an observation.
        var acm = Fails("TSP-CERT-011", () => AlgorithmRequirements.TsuKeyAcceptable(rsa, Policy("eccg-acm-v2"), new DateTimeOffset(2027, 1, 15, 0, 0, 0, TimeSpan.Zero)));
        Assert.Contains("not verified", acm.PlaceholderBasis);
        AlgorithmRequirements.TsuKeyAcceptable(rsa, Policy("eccg-acm-v2"), new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_token_judged_against_an_edition_published_after_its_genTime_is_only_an_observation()
    {
        var cert = CraftedTokens.Certificate(new CertSpec { Rsa2048 = true, NotBefore = new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero), NotAfter = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        var g = Fails("TSP-CERT-012", () => AlgorithmRequirements.CertificateValidityWithinAlgorithmLifetime(cert, "1.2.840.113549.1.1.11", Policy("ts119312-v2.1.1")));
        Assert.Contains("applies from 2026-06-30, after 2018-01-01", g.PlaceholderBasis);
    }

    [Fact]
    public void Certificate_checks_do_not_apply_to_a_token_without_certificates()
    {
        var token = CraftedTokens.Decode(CraftedTokens.Build(new TokenSpec { IncludeCertificates = false }).Token);
        Assert.False(token.HasCertificatesField);
        Assert.Throws<NotApplicableException>(() => CmsRequirements.SignatureVerifies(token));
        CmsRequirements.SignerIdentifierIsConsistent(token);
    }
}

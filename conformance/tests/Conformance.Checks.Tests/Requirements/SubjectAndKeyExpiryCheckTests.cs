using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;

namespace Conformance.Checks.Tests.Requirements;

/// <summary>
/// Subject names with C, O and CN in one multi-valued RDN (TSP-CERT-006/007), and the private key expiry a TSU
/// certificate declares (EN 319 421 TIS-7.6.7-02) next to the "should" of EN 319 422 §6.4 (TSP-CERT-005).
/// </summary>
public sealed class SubjectAndKeyExpiryCheckTests
{
    /// <summary>Name ::= SEQUENCE OF RDN, here with one RDN: SET { C, O, organizationIdentifier, CN }.</summary>
    private static X500DistinguishedName MultiValuedName(bool withCountry)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSetOf())
        {
            void Attribute(string oid, string value, UniversalTagNumber type)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(oid);
                    writer.WriteCharacterString(type, value);
                }
            }

            if (withCountry)
            {
                Attribute(Oids.CountryName, "BE", UniversalTagNumber.PrintableString);
            }

            Attribute(Oids.OrganizationName, "Multi RDN TSA", UniversalTagNumber.UTF8String);
            Attribute(Oids.OrganizationIdentifier, "VATBE-0123456789", UniversalTagNumber.UTF8String);
            Attribute(Oids.CommonName, "Multi RDN TSU 1", UniversalTagNumber.UTF8String);
        }

        return new X500DistinguishedName(writer.Encode());
    }

    private static X509Certificate2 Certificate(X500DistinguishedName subject, DateTimeOffset? keyEnd = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.TimeStamping)], true));
        if (keyEnd is { } end)
        {
            // PrivateKeyUsagePeriod ::= SEQUENCE { notBefore [0] GeneralizedTime OPTIONAL, notAfter [1] GeneralizedTime OPTIONAL }
            var pkup = new AsnWriter(AsnEncodingRules.DER);
            using (pkup.PushSequence())
            {
                pkup.WriteGeneralizedTime(end, omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 1));
            }

            request.CertificateExtensions.Add(new X509Extension("2.5.29.16", pkup.Encode(), false));
        }

        return request.CreateSelfSigned(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Attributes_in_one_multi_valued_rdn_count_as_present()
    {
        using var certificate = Certificate(MultiValuedName(withCountry: true));
        Assert.True(certificate.SubjectName.EnumerateRelativeDistinguishedNames().Single().HasMultipleElements);
        CertificateRequirements.SubjectNamesTheTsaAndTsu(certificate);
        CertificateRequirements.LegalPersonSubject(certificate);
    }

    [Fact]
    public void A_multi_valued_rdn_without_country_still_fails_CERT_006_naming_it()
    {
        using var certificate = Certificate(MultiValuedName(withCountry: false));
        var e = Assert.Throws<RequirementNotMetException>(() => CertificateRequirements.SubjectNamesTheTsaAndTsu(certificate));
        Assert.Equal("TSP-CERT-006", e.RequirementId);
        Assert.StartsWith("missing countryName in", e.Observed);
    }

    [Fact]
    public void Without_privateKeyUsagePeriod_CERT_005_fails_as_a_should_and_the_key_expiry_is_not_judged_here()
    {
        using var certificate = Certificate(MultiValuedName(withCountry: true));
        var finding = Assert.Throws<RequirementNotMetException>(() => CertificateRequirements.PrivateKeyUsagePeriodLimitsTheKey(certificate));
        Assert.Equal("TSP-CERT-005", finding.RequirementId);
        var elsewhere = Assert.Throws<NotApplicableException>(() => KeyExpiryRequirements.DeclaredKeyExpiryNotAfterCertificate(certificate));
        Assert.Contains("TIS-7.6.7-05", elsewhere.Message);
    }

    [Fact]
    public void A_declared_key_expiry_after_notAfter_breaks_TIS_7_6_7_02_and_one_before_it_passes()
    {
        using var late = Certificate(MultiValuedName(withCountry: true), new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var e = Assert.Throws<RequirementNotMetException>(() => KeyExpiryRequirements.DeclaredKeyExpiryNotAfterCertificate(late));
        Assert.Equal("EN319421-TIS-7.6.7-02", e.RequirementId);
        Assert.Equal("2031-01-01T00:00:00Z", e.Observed);

        using var early = Certificate(MultiValuedName(withCountry: true), new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero));
        KeyExpiryRequirements.DeclaredKeyExpiryNotAfterCertificate(early);
        CertificateRequirements.PrivateKeyUsagePeriodLimitsTheKey(early);
    }
}

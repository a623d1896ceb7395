using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using ReferenceTsa.Protocol;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>The EN 319 422 §5 / RFC 3161 §2.4.2 / RFC 5816 token profile of granted responses.</summary>
public sealed class TokenProfileTests(TestTsus tsus) : IClassFixture<TestTsus>
{
    private DecodedResponse Grant(RequestBuilder request, bool qualified = false, bool ecdsa = false, TimeProvider? clock = null,
        string accuracy = "1s", int digits = 3)
    {
        var outcome = tsus.Issuer(clock).Issue(request.Encode(), TestTsus.Policy(ecdsa ? tsus.Ecdsa : tsus.Rsa, qualified, accuracy, digits));
        var response = DecodedResponse.Decode(outcome.Response);
        Assert.True(response.Status == 0, $"expected granted, got {response.Status}: {response.StatusString}");
        return response;
    }

    [Theory]
    [InlineData("2.16.840.1.101.3.4.2.1", 32)]
    [InlineData("2.16.840.1.101.3.4.2.2", 48)]
    [InlineData("2.16.840.1.101.3.4.2.3", 64)]
    [InlineData("2.16.840.1.101.3.4.2.8", 32)]
    [InlineData("2.16.840.1.101.3.4.2.9", 48)]
    [InlineData("2.16.840.1.101.3.4.2.10", 64)]
    public void Grants_sha2_and_sha3_imprints_and_echoes_the_imprint_byte_for_byte(string oid, int length)
    {
        byte[] imprint = RandomNumberGenerator.GetBytes(length);
        var request = new RequestBuilder { HashOid = oid, Imprint = imprint, HashNullParameters = true };
        var tst = Grant(request).TstInfo();
        var expected = new AsnReader(request.Encode(), AsnEncodingRules.DER).ReadSequence();
        expected.ReadInteger();
        Assert.Equal(expected.ReadEncodedValue().ToArray(), tst.MessageImprint);
    }

    [Fact]
    public void TstInfo_is_version_1_with_the_default_policy_and_no_ordering()
    {
        var tst = Grant(new RequestBuilder()).TstInfo(); // the strict decoder throws on an explicit ordering
        Assert.Equal(1, tst.Version);
        Assert.Equal(TestTsus.OwnPolicy, tst.Policy);
    }

    [Fact]
    public void Requested_BTSP_policy_is_honoured()
    {
        Assert.Equal(Oids.BestPracticesTimeStampPolicy, Grant(new RequestBuilder { Policy = Oids.BestPracticesTimeStampPolicy }).TstInfo().Policy);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x80, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 })] // top bit set: DER needs the 0x00
    [InlineData(new byte[] { 0x01 })]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x00, 0xFF, 0xEE, 0xDD, 0xCC, 0xBB, 0xAA, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00 })] // 128 bits
    [InlineData(new byte[] { 0x85 })] // a negative nonce is still echoed exactly
    public void Nonce_is_echoed_exactly(byte[] nonceContents)
    {
        Assert.Equal(nonceContents, Grant(new RequestBuilder { NonceContents = nonceContents }).TstInfo().NonceContents);
    }

    [Fact]
    public void No_nonce_in_the_token_when_none_was_requested()
    {
        Assert.Null(Grant(new RequestBuilder()).TstInfo().NonceContents);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public void Certificates_are_absent_unless_certReq_is_true(bool? certReq)
    {
        Assert.Empty(Grant(new RequestBuilder { CertReq = certReq }).SignedCms().Certificates);
    }

    [Fact]
    public void CertReq_true_includes_exactly_the_TSU_certificate()
    {
        var certificates = Grant(new RequestBuilder { CertReq = true }).SignedCms().Certificates;
        Assert.Single(certificates);
        Assert.Equal(tsus.Rsa.Certificate.RawData, certificates[0].RawData);
    }

    [Fact]
    public void Serial_numbers_are_positive_at_most_160_bits_and_distinct()
    {
        var serials = Enumerable.Range(0, 50).Select(_ => Grant(new RequestBuilder()).TstInfo()).ToList();
        Assert.All(serials, t => Assert.True(t.Serial > 0 && t.Serial.GetBitLength() <= 160, t.Serial.ToString()));
        Assert.Equal(serials.Count, serials.Select(t => t.Serial).Distinct().Count());
    }

    [Theory]
    [InlineData(0, "12:34:56.1234567", "123456Z")]
    [InlineData(3, "12:34:56.1234567", "123456.123Z")]
    [InlineData(3, "12:34:56.1200000", "123456.12Z")] // no trailing zeros
    [InlineData(3, "12:34:56.0001000", "123456Z")] // no ".0" when the kept fraction is zero
    [InlineData(6, "12:34:56.0000010", "123456.000001Z")]
    [InlineData(1, "23:59:59.9999999", "235959.9Z")] // truncated, never rounded into the next second
    public void GenTime_is_utc_truncated_to_the_configured_digits_in_DER_form(int digits, string timeOfDay, string expected)
    {
        // A day inside the test TSU's certificate and private key usage period.
        var day = tsus.Now.UtcDateTime.Date.AddDays(2);
        var instant = new DateTimeOffset(day + TimeSpan.Parse(timeOfDay, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
        var tst = Grant(new RequestBuilder(), clock: new FixedClock(instant), accuracy: "1s", digits: digits).TstInfo();
        Assert.Equal(day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + expected, tst.GenTimeText);
    }

    [Theory]
    [InlineData("1s", new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData("500ms", new byte[] { 0x30, 0x04, 0x80, 0x02, 0x01, 0xF4 })]
    [InlineData("1500us", new byte[] { 0x30, 0x07, 0x80, 0x01, 0x01, 0x81, 0x02, 0x01, 0xF4 })]
    [InlineData("250us", new byte[] { 0x30, 0x04, 0x81, 0x02, 0x00, 0xFA })]
    public void Accuracy_is_always_present_with_zero_parts_omitted(string accuracy, byte[] expected)
    {
        Assert.Equal(expected, Grant(new RequestBuilder(), accuracy: accuracy, digits: 6).TstInfo().AccuracyEncoded);
    }

    [Fact]
    public void Qualified_tokens_carry_one_non_critical_qcStatements_with_esi4_qtstStatement_1()
    {
        var extensions = Grant(new RequestBuilder(), qualified: true).TstInfo().Extensions;
        var (oid, critical, value) = Assert.Single(extensions);
        Assert.Equal("1.3.6.1.5.5.7.1.3", oid);
        Assert.False(critical);
        var statements = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
        var statement = statements.ReadSequence();
        Assert.Equal("0.4.0.19422.1.1", statement.ReadObjectIdentifier());
        Assert.False(statement.HasData); // Annex B defines no statementInfo
        Assert.False(statements.HasData);
    }

    [Fact]
    public void Non_qualified_tokens_carry_no_extensions()
    {
        Assert.Empty(Grant(new RequestBuilder()).TstInfo().Extensions);
    }

    [Fact]
    public void Tsa_name_is_included_only_when_configured()
    {
        Assert.True(Grant(new RequestBuilder()).TstInfo().HasTsaName);
        var outcome = tsus.Issuer().Issue(new RequestBuilder().Encode(), TestTsus.Policy(tsus.Rsa, includeTsaName: false));
        Assert.True(outcome.Granted, outcome.StatusText);
        Assert.False(DecodedResponse.Decode(outcome.Response).TstInfo().HasTsaName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SignedData_is_v3_with_one_signer_and_the_EN_319_422_signed_attributes(bool ecdsa)
    {
        var response = Grant(new RequestBuilder { CertReq = true }, ecdsa: ecdsa);
        var cms = response.SignedCms();
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Equal(3, cms.Version);
        Assert.Equal("1.2.840.113549.1.9.16.1.4", cms.ContentInfo.ContentType.Value);
        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(1, signer.Version); // issuerAndSerialNumber
        var attributes = signer.SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value).ToList();
        Assert.Equal(
            new[] { "1.2.840.113549.1.9.16.2.47", "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.52" },
            attributes.Order(StringComparer.Ordinal).ToList());
        Assert.DoesNotContain("1.2.840.113549.1.9.16.2.12", attributes); // never an ESSCertID v1

        // ESSCertIDv2: SHA-256 is the DEFAULT, so no hashAlgorithm field; certHash over the TSU cert; issuerSerial present.
        byte[] signingCertificate = signer.SignedAttributes.Cast<CryptographicAttributeObject>()
            .Single(a => a.Oid.Value == "1.2.840.113549.1.9.16.2.47").Values[0].RawData;
        var certId = new AsnReader(signingCertificate, AsnEncodingRules.DER).ReadSequence().ReadSequence().ReadSequence();
        Assert.True(certId.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString), "hashAlgorithm must be omitted for SHA-256");
        var tsu = ecdsa ? tsus.Ecdsa : tsus.Rsa;
        Assert.Equal(SHA256.HashData(tsu.Certificate.RawData), certId.ReadOctetString());
        var issuerSerial = certId.ReadSequence();
        issuerSerial.ReadSequence();
        Assert.Equal(new BigInteger(tsu.Certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true), issuerSerial.ReadInteger());
        Assert.False(certId.HasData);
    }

    [Theory]
    [InlineData("rsa", "1.2.840.113549.1.1.11")]
    [InlineData("rsa-pss", "1.2.840.113549.1.1.10")]
    [InlineData("ecdsa", "1.2.840.10045.4.3.2")]
    [InlineData("ecdsa-p384", "1.2.840.10045.4.3.3")]
    public void Every_key_type_signs_a_token_that_verifies_with_the_declared_algorithm(string tsuName, string signatureOid)
    {
        var tsu = tsus.ByName(tsuName);
        byte[] data = RandomNumberGenerator.GetBytes(100);
        var outcome = tsus.Issuer().Issue(new RequestBuilder { Imprint = SHA256.HashData(data), CertReq = true }.Encode(), TestTsus.Policy(tsu));
        var response = DecodedResponse.Decode(outcome.Response);
        var cms = response.SignedCms();
        cms.CheckSignature(verifySignatureOnly: true);
        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(signatureOid, signer.SignatureAlgorithm.Value);
        Assert.Equal(tsu.SignerDigest.Oid, signer.DigestAlgorithm.Value);
        Assert.True(Rfc3161TimestampToken.TryDecode(response.Token, out var token, out _));
        Assert.True(token!.VerifySignatureForData(data, out _));
    }

    [Fact]
    public void Token_is_strict_DER_and_verifies_with_the_dotnet_RFC_3161_decoder()
    {
        byte[] data = "document"u8.ToArray();
        var request = new RequestBuilder { Imprint = SHA256.HashData(data), NonceContents = [0x01, 0x02], CertReq = true };
        var response = Grant(request);
        // The whole token must decode under DER rules and have nothing after it.
        new AsnReader(response.Token, AsnEncodingRules.DER).ReadEncodedValue();
        Assert.True(Rfc3161TimestampToken.TryDecode(response.Token, out var token, out int consumed));
        Assert.Equal(response.Token!.Length, consumed);
        Assert.True(token!.VerifySignatureForData(data, out var signer));
        Assert.Equal(tsus.Rsa.Certificate.Thumbprint, signer!.Thumbprint);
        Assert.Equal(1_000_000L, token.TokenInfo.AccuracyInMicroseconds);
    }
}

using System.Formats.Asn1;
using ReferenceTsa.Issuance;
using ReferenceTsa.Protocol;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Every refusal path of RFC 3161 §2.4.1/§2.4.2: a DER TimeStampResp with status rejection(2), a statusString,
/// exactly the expected failInfo bit in minimal DER named-bit form, and no token.
/// </summary>
public sealed class RequestRejectionTests(TestTsus tsus) : IClassFixture<TestTsus>
{
    private const int BadAlg = 0, BadRequest = 2, BadDataFormat = 5, UnacceptedPolicy = 15, UnacceptedExtension = 16;

    private DecodedResponse Issue(byte[] request)
    {
        var outcome = tsus.Issuer().Issue(request, TestTsus.Policy(tsus.Rsa));
        return DecodedResponse.Decode(outcome.Response);
    }

    private static void AssertRejected(DecodedResponse response, int bit)
    {
        Assert.Equal(2, response.Status);
        Assert.Equal([bit], response.FailInfoBits);
        Assert.False(string.IsNullOrWhiteSpace(response.StatusString));
        Assert.Null(response.Token);
        // Minimal DER named bit list: length = bit / 8 + 1 content octets after the unused-bits octet,
        // and the unused-bit count drops every trailing zero bit.
        byte[] encoded = response.FailInfoEncoded!;
        Assert.Equal(0x03, encoded[0]);
        Assert.Equal(bit / 8 + 2, encoded[1]);
        Assert.Equal(7 - bit % 8, encoded[2]);
    }

    [Theory]
    [InlineData("1.2.840.113549.2.5", 16)] // MD5
    [InlineData("1.3.14.3.2.26", 20)] // SHA-1
    [InlineData("2.16.840.1.101.3.4.2.4", 28)] // SHA-224: not in the accepted set
    [InlineData("1.3.6.1.4.1.99999.7.7", 32)] // unknown
    public void Rejects_weak_unaccepted_or_unknown_hash_with_badAlg(string oid, int length)
    {
        var response = Issue(new RequestBuilder { HashOid = oid, Imprint = new byte[length] }.Encode());
        AssertRejected(response, BadAlg);
    }

    [Fact]
    public void Rejects_sha1_imprint_with_badAlg_and_says_why()
    {
        var response = Issue(new RequestBuilder { HashOid = "1.3.14.3.2.26", Imprint = new byte[20], HashNullParameters = true }.Encode());
        AssertRejected(response, BadAlg);
        Assert.Contains("SHA1", response.StatusString);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void Rejects_imprint_whose_length_does_not_match_sha256_with_badDataFormat(int length)
    {
        AssertRejected(Issue(new RequestBuilder { Imprint = new byte[length] }.Encode()), BadDataFormat);
    }

    [Fact]
    public void Rejects_unknown_policy_with_unacceptedPolicy()
    {
        AssertRejected(Issue(new RequestBuilder { Policy = "1.3.6.1.4.1.99999.1.2.3" }.Encode()), UnacceptedPolicy);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rejects_any_request_extension_with_unacceptedExtension(bool critical)
    {
        var builder = new RequestBuilder();
        builder.Extensions.Add(("1.3.6.1.4.1.99999.42", critical));
        AssertRejected(Issue(builder.Encode()), UnacceptedExtension);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Rejects_request_version_other_than_1_with_badRequest(int version)
    {
        AssertRejected(Issue(new RequestBuilder { Version = version }.Encode()), BadRequest);
    }

    [Fact]
    public void Rejects_absurdly_large_version_with_badRequest()
    {
        AssertRejected(Issue(new RequestBuilder { Version = System.Numerics.BigInteger.Pow(2, 200) }.Encode()), BadRequest);
    }

    public static TheoryData<string, byte[]> MalformedRequests()
    {
        byte[] good = new RequestBuilder().Encode();
        var data = new TheoryData<string, byte[]>
        {
            { "empty body", [] },
            { "truncated", good[..^5] },
            { "trailing garbage", [.. good, 0x00] },
            { "second value after the request", [.. good, .. good] },
            { "not ASN.1 at all", "hello, TSA"u8.ToArray() },
            { "wrong outer tag", [0x31, .. good[1..]] },
            { "hash parameters that are not NULL", new RequestBuilder { HashParameters = [0x02, 0x01, 0x05] }.Encode() },
            { "empty extensions", [.. EmptyExtensions(good)] },
        };

        // BER indefinite length for the outer SEQUENCE: 30 80 ... 00 00.
        var reader = new AsnReader(good, AsnEncodingRules.DER).ReadSequence();
        byte[] contents = reader.ReadEncodedValue().ToArray().Concat(reader.ReadEncodedValue().ToArray()).ToArray();
        data.Add("BER indefinite length", [0x30, 0x80, .. contents, 0x00, 0x00]);

        // Non-minimal length: 0x81 0x2D instead of 0x2D is BER, not DER.
        data.Add("non-minimal length octets", [0x30, 0x81, .. good[1..]]);

        // Boolean TRUE encoded as 0x01 instead of 0xFF is BER, not DER.
        byte[] certReq = new RequestBuilder { CertReq = true }.Encode();
        int at = Array.LastIndexOf(certReq, (byte)0xFF);
        certReq[at] = 0x01;
        data.Add("BER boolean", certReq);
        return data;
    }

    private static byte[] EmptyExtensions(byte[] good)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        var r = new AsnReader(good, AsnEncodingRules.DER).ReadSequence();
        using (w.PushSequence())
        {
            while (r.HasData)
            {
                w.WriteEncodedValue(r.ReadEncodedValue().Span);
            }

            w.WriteEncodedValue([0xA0, 0x00]);
        }

        return w.Encode();
    }

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void Rejects_malformed_DER_with_badDataFormat(string what, byte[] request)
    {
        var response = Issue(request);
        AssertRejected(response, BadDataFormat);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void Rejection_failInfo_is_accepted_by_the_strict_dotnet_decoder_as_the_enum()
    {
        var outcome = tsus.Issuer().Issue(new RequestBuilder { Policy = "1.9.9" }.Encode(), TestTsus.Policy(tsus.Rsa));
        var statusInfo = new AsnReader(outcome.Response, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        statusInfo.ReadInteger();
        statusInfo.ReadSequence();
        Assert.Equal(PkiFailureInfo.UnacceptedPolicy, statusInfo.ReadNamedBitListValue<PkiFailureInfo>());
    }

    [Theory]
    [InlineData(-1, "not valid before")]
    [InlineData(11, "private key usage period ended")] // the test TSU's key may sign for 10 days
    [InlineData(31, "expired")]
    public void No_token_outside_the_certificate_validity_or_the_private_key_usage_period(int days, string reason)
    {
        var clock = new FixedClock(tsus.Now.AddDays(days));
        var outcome = tsus.Issuer(clock).Issue(new RequestBuilder().Encode(), TestTsus.Policy(tsus.Rsa));
        var response = DecodedResponse.Decode(outcome.Response);
        Assert.Equal([25], response.FailInfoBits);
        Assert.Null(response.Token);
        Assert.Contains(reason, response.StatusString);
    }

    [Fact]
    public void A_closed_clock_gate_rejects_with_timeNotAvailable()
    {
        var gate = new ReferenceTsa.Clock.ClockGate(TimeSpan.FromMilliseconds(900), 2, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100), 3);
        var issuer = new TimeStampIssuer(tsus.Serials, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<TimeStampIssuer>.Instance, gate); // never evaluated: closed
        var response = DecodedResponse.Decode(issuer.Issue(new RequestBuilder().Encode(), TestTsus.Policy(tsus.Rsa)).Response);
        AssertRejected(response, 14);
        Assert.Contains("time source not trusted", response.StatusString);
    }

    [Fact]
    public void Signing_failure_becomes_systemFailure_not_an_exception()
    {
        using var broken = new TimeStampingUnit("broken",
            System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(tsus.Rsa.Certificate.RawData),
            [], new FailingKey(), DigestAlgorithm.Sha256);
        var outcome = tsus.Issuer().Issue(new RequestBuilder().Encode(), TestTsus.Policy(broken));
        var response = DecodedResponse.Decode(outcome.Response);
        Assert.Equal(2, response.Status);
        Assert.Equal([25], response.FailInfoBits);
    }

    private sealed class FailingKey : ReferenceTsa.Signing.ITsuSigningKey
    {
        public ReferenceTsa.Signing.SignatureScheme Scheme => ReferenceTsa.Signing.SignatureScheme.RsaPkcs1;

        public ReferenceTsa.Signing.KeyProtection Protection => ReferenceTsa.Signing.KeyProtection.Hsm;

        public string Description => "a key whose device has gone";

        public byte[] SignHash(ReadOnlySpan<byte> hash, DigestAlgorithm hashAlgorithm) =>
            throw new System.Security.Cryptography.CryptographicException("CKR_DEVICE_REMOVED");

        public bool MatchesCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) => true;

        public void Dispose()
        {
        }
    }
}

using System.Formats.Asn1;
using System.Numerics;
using Conformance.Checks.Protocol;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Checks.Tests.Protocol;

public sealed class DecodingTests
{
    [Theory]
    [MemberData(nameof(RealTokens.Files), MemberType = typeof(RealTokens))]
    public void Real_tokens_decode_to_a_TSTInfo(string name)
    {
        StoredToken stored = StoredToken.Read(RealTokens.PathOf(name));

        Assert.Null(stored.Error);
        Assert.Equal(name.EndsWith(".tsr", StringComparison.Ordinal) ? "TimeStampResp" : "TimeStampToken", stored.Kind);
        TstInfo tst = Assert.IsType<TstInfo>(stored.Token!.TstInfo);
        Assert.Equal(BigInteger.One, tst.Version);
        Assert.Matches(@"^\d{14}(\.\d+)?Z$", tst.GenTimeText);
        Assert.NotNull(tst.GenTime);
        Assert.Matches(@"^[0-2](\.\d+)+$", tst.Policy);
        Assert.True(tst.HashedMessage.Length >= 20);
        Assert.Equal(1, stored.Token.SignerInfoCount);
    }

    [Fact]
    public void The_sk_token_carries_the_sha512_imprint_of_its_data_file()
    {
        if (RealTokens.Directory is null)
        {
            Assert.Skip("real-token corpus not found (shared/corpus/real-tokens)");
        }

        StoredToken stored = StoredToken.Read(RealTokens.PathOf("sk-timestamping-unit-2024e-2024_ecdsa.tst"));
        byte[] data = File.ReadAllBytes(RealTokens.PathOf("sk-timestamping-unit-2024e-2024_ecdsa.data"));
        Assert.Equal(Oids.Sha512, stored.Token!.TstInfo!.HashAlgorithmOid);
        Assert.Equal(System.Security.Cryptography.SHA512.HashData(data), stored.Token.TstInfo.HashedMessage.ToArray());
    }

    [Fact]
    public void Pem_and_base64_wrappings_decode_like_der()
    {
        using var temp = new TempDirectory();
        byte[] der = new StubTsaToken().Response;
        string base64 = Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks);
        File.WriteAllBytes(temp.Combine("a.tsr"), der);
        File.WriteAllText(temp.Combine("b.pem"), $"-----BEGIN TIMESTAMP RESPONSE-----\n{base64}\n-----END TIMESTAMP RESPONSE-----\n");
        File.WriteAllText(temp.Combine("c.b64"), base64);

        var results = new[] { "a.tsr", "b.pem", "c.b64" }.Select(f => StoredToken.Read(temp.Combine(f))).ToList();

        Assert.Equal(["DER", "PEM", "base64"], results.Select(r => r.Encoding));
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.All(results, r => Assert.Equal(results[0].Token!.TstInfo!.SerialNumber, r.Token!.TstInfo!.SerialNumber));
    }

    [Theory]
    [InlineData("empty", new byte[0], "empty")]
    [InlineData("garbage", new byte[] { 0x01, 0x02, 0x03, 0xff }, "not a TimeStampResp or TimeStampToken")]
    [InlineData("truncated", new byte[] { 0x30, 0x82, 0x01, 0x00, 0x30, 0x03 }, "not a TimeStampResp or TimeStampToken")]
    [InlineData("an INTEGER", new byte[] { 0x02, 0x01, 0x05 }, "not a TimeStampResp or TimeStampToken")]
    public void Bad_files_give_a_message_naming_the_file(string what, byte[] content, string expected)
    {
        using var temp = new TempDirectory();
        string path = temp.Combine(what.Replace(' ', '-') + ".tst");
        File.WriteAllBytes(path, content);

        StoredToken stored = StoredToken.Read(path);

        Assert.Null(stored.Token);
        Assert.NotNull(stored.Error);
        Assert.StartsWith(path + ":", stored.Error);
        Assert.Contains(expected, stored.Error);
    }

    [Fact]
    public void A_missing_file_gives_a_message()
    {
        StoredToken stored = StoredToken.Read("/nonexistent/token.tst");
        Assert.StartsWith("/nonexistent/token.tst: cannot be read", stored.Error);
    }

    [Fact]
    public void A_truncated_token_inside_a_response_is_reported_not_thrown()
    {
        byte[] response = new StubTsaToken().Response;
        byte[] cut = response[..(response.Length - 40)];
        // Fix up nothing: the outer length now lies. The decoder must say so.
        Assert.False(TimeStampResponse.TryDecode(cut, out _, out string? error));
        Assert.Contains("TimeStampResp cannot be decoded", error);
    }

    [Fact]
    public void Trailing_bytes_after_the_response_are_an_encoding_finding()
    {
        byte[] response = [.. new StubTsaToken().Response, 0x00, 0x00];
        Assert.True(TimeStampResponse.TryDecode(response, out TimeStampResponse? decoded, out _));
        Assert.Contains(decoded!.EncodingFindings, f => f.Contains("2 trailing byte(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_ber_indefinite_length_response_is_read_but_reported_as_not_der()
    {
        // Re-encode the outer SEQUENCE with an indefinite length: valid BER, invalid DER.
        byte[] der = new StubTsaToken().Response;
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        ReadOnlyMemory<byte> inner = reader.ReadSequence().ReadEncodedValue(); // PKIStatusInfo
        var rest = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        rest.ReadEncodedValue();
        ReadOnlyMemory<byte> token = rest.ReadEncodedValue();
        byte[] ber = [0x30, 0x80, .. inner.ToArray(), .. token.ToArray(), 0x00, 0x00];

        Assert.True(TimeStampResponse.TryDecode(ber, out TimeStampResponse? decoded, out _));
        Assert.Contains(decoded!.EncodingFindings, f => f.Contains("not valid DER", StringComparison.Ordinal));
        Assert.NotNull(decoded.Token?.TstInfo);
    }

    [Fact]
    public void Rejection_status_and_failInfo_bits_are_decoded()
    {
        // TimeStampResp { status { rejection(2), statusString {"bad"}, failInfo badAlg|unacceptedPolicy } }
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger(2);
                using (writer.PushSequence())
                {
                    writer.WriteCharacterString(UniversalTagNumber.UTF8String, "bad");
                }

                var bits = new System.Collections.BitArray(16) { [0] = true, [15] = true };
                writer.WriteNamedBitList(bits);
            }
        }

        Assert.True(TimeStampResponse.TryDecode(writer.Encode(), out TimeStampResponse? decoded, out _));
        Assert.False(decoded!.IsGranted);
        Assert.Equal("rejection (2)", decoded.StatusText);
        Assert.Equal(["bad"], decoded.StatusStrings);
        Assert.Equal(PkiFailureInfo.BadAlg | PkiFailureInfo.UnacceptedPolicy, decoded.FailInfo);
        Assert.Null(decoded.TokenBytes);
    }

    [Fact]
    public void The_request_encoder_writes_der_with_a_positive_nonce_and_omits_certReq_false_by_default()
    {
        var request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { Nonce = TimeStampRequest.RandomNonce(64) };
        byte[] encoded = request.Encode();
        var bc = new Org.BouncyCastle.Tsp.TimeStampRequest(encoded);
        Assert.Equal(request.Nonce!.Value.ToString(), bc.Nonce.ToString());
        Assert.True(bc.Nonce.SignValue > 0);
        Assert.False(bc.CertReq);
        Assert.Equal(request.HashedMessage.ToArray(), bc.GetMessageImprintDigest());
        Assert.Equal(9, request.Nonce.Value.ToByteArray(isUnsigned: false, isBigEndian: true).Length); // top bit set: leading zero
    }

    /// <summary>A token issued by the BouncyCastle stub, without a server.</summary>
    private sealed class StubTsaToken
    {
        public byte[] Response { get; } = new StubTsa().IssueResponse();
    }
}

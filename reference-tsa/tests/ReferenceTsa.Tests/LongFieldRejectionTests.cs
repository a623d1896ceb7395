using System.Numerics;
using ReferenceTsa.Protocol;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Well-formed but absurd request fields are judged for what they are (RFC 3161 §2.4.2): a policy OID of hundreds of
/// arcs is an unaccepted policy and a hash OID of 100 arcs an unknown algorithm, not a malformed request, and the
/// statusString names the field; a version of 2^100 is reported exactly. Non-minimal OID encodings stay malformed.
/// </summary>
public sealed class LongFieldRejectionTests(TestTsus tsus) : IClassFixture<TestTsus>
{
    private DecodedResponse Issue(byte[] request) => DecodedResponse.Decode(tsus.Issuer().Issue(request, TestTsus.Policy(tsus.Rsa)).Response);

    private static string LongOid(int arcs, string start = "1.3.6.1.4.1") =>
        start + string.Concat(Enumerable.Range(0, arcs - start.Count(c => c == '.') - 1).Select(i => "." + (i * 7919 % 100000)));

    [Theory]
    [InlineData(200)]
    [InlineData(1000)]
    public void A_policy_oid_with_very_many_arcs_is_an_unaccepted_policy_named_in_the_status_string(int arcs)
    {
        var response = Issue(new RequestBuilder { Policy = LongOid(arcs) }.Encode());
        Assert.Equal(2, response.Status);
        Assert.Equal([15], response.FailInfoBits); // unacceptedPolicy
        Assert.Contains("reqPolicy", response.StatusString);
        Assert.Contains($"{arcs} arcs", response.StatusString);
        Assert.True(response.StatusString!.Length < 300, response.StatusString);
    }

    [Fact]
    public void A_hash_oid_with_100_arcs_is_an_unknown_algorithm_named_in_the_status_string()
    {
        var response = Issue(new RequestBuilder { HashOid = LongOid(100, "2.16.840.1.101.3.4.2") }.Encode());
        Assert.Equal(2, response.Status);
        Assert.Equal([0], response.FailInfoBits); // badAlg
        Assert.Contains("hashAlgorithm", response.StatusString);
        Assert.Contains("100 arcs", response.StatusString);
    }

    [Fact]
    public void An_oid_arc_beyond_64_bits_is_read_exactly()
    {
        string oid = "1.3.6.1.4.1." + BigInteger.Pow(2, 100);
        var response = Issue(new RequestBuilder { Policy = oid }.Encode());
        Assert.Equal([15], response.FailInfoBits);
        Assert.Contains(oid, response.StatusString);
    }

    [Fact]
    public void Version_two_to_the_hundred_is_reported_exactly()
    {
        var response = Issue(new RequestBuilder { Version = BigInteger.Pow(2, 100) }.Encode());
        Assert.Equal([2], response.FailInfoBits); // badRequest
        Assert.Contains("version 1267650600228229401496703205376", response.StatusString);
        Assert.DoesNotContain("2147483647", response.StatusString);
    }

    [Theory]
    [InlineData(new byte[] { 0x2B, 0x80, 0x01 }, "not minimally encoded")] // 1.3 then a sub-identifier with a leading 0x80
    [InlineData(new byte[] { 0x2B, 0x86 }, "ends inside a sub-identifier")]
    public void A_non_minimal_or_truncated_oid_is_malformed(byte[] content, string expected)
    {
        var exception = Assert.Throws<System.Formats.Asn1.AsnContentException>(() => ObjectIdentifierReader.Decode(content));
        Assert.Contains(expected, exception.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D }, "1.2.840.113549")]
    [InlineData(new byte[] { 0x88, 0x37, 0x03 }, "2.999.3")]
    [InlineData(new byte[] { 0x00 }, "0.0")]
    public void Oid_content_decodes_as_the_standard_reader_does(byte[] content, string expected) =>
        Assert.Equal(expected, ObjectIdentifierReader.Decode(content));
}

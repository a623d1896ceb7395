using System.Security.Cryptography.Pkcs;

namespace Reports.Tests;

/// <summary>
/// The evidence listing's decoding of a stored token shows its structure as it stands: a token whose signature does not
/// verify (judged by the scenarios, not here) is still shown field by field; bytes that are no token are not decoded.
/// </summary>
public sealed class EvidenceDecodingTests
{
    private static byte[] FixtureToken() => File.ReadAllBytes(Path.Combine(TestFiles.RunFixture, "evidence", "0009-tsp-tst-001-token.tst"));

    [Fact]
    public void A_token_whose_signature_fails_is_still_decoded_field_by_field()
    {
        byte[] token = FixtureToken();
        byte[] tampered = (byte[])token.Clone();
        tampered[^1] ^= 0x01; // the last byte of the SignerInfo's signature value
        Assert.True(Rfc3161TimestampToken.TryDecode(token, out _, out _));
        Assert.False(Rfc3161TimestampToken.TryDecode(tampered, out _, out _)); // .NET's decoder also verifies the signature

        string original = EvidenceAppendix.Dump("token.tst", token);
        string decoded = EvidenceAppendix.Dump("token.tst", tampered);

        Assert.StartsWith("TSTInfo version 1, policy ", original);
        Assert.Equal(original, decoded); // the signature value is not part of the decoding
        Assert.Contains("signer         ", decoded);
    }

    [Theory]
    [InlineData(0)] // not DER at all
    [InlineData(1)] // cut short
    public void Bytes_that_are_no_token_are_not_decoded(int kind)
    {
        byte[] token = FixtureToken();
        byte[] bytes = kind == 0 ? "not a token"u8.ToArray() : token[..(token.Length / 2)];

        string decoded = EvidenceAppendix.Dump("token.tst", bytes);

        Assert.StartsWith("not ", decoded);
        Assert.DoesNotContain("TSTInfo", decoded);
    }
}

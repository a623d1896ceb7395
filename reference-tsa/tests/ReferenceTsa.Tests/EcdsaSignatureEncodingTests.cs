using System.Formats.Asn1;
using System.Security.Cryptography;
using ReferenceTsa.Signing.Pkcs11;

namespace ReferenceTsa.Tests;

/// <summary>PKCS#11 CKM_ECDSA gives fixed-length r || s; CMS needs the minimal DER Ecdsa-Sig-Value (RFC 5753 §7.2).</summary>
public sealed class EcdsaSignatureEncodingTests
{
    [Theory]
    [InlineData("00112233", "0011", "2233")] // r with a leading zero octet: DER drops it
    [InlineData("0000AABB", "0000", "AABB")] // r = 0 is written as one zero octet; s with its top bit set gets a 0x00
    [InlineData("80FF0001", "80FF", "0001")]
    public void Raw_r_and_s_become_minimal_DER_integers(string rawHex, string rHex, string sHex)
    {
        byte[] der = Pkcs11Mechanisms.EcdsaRawToDer(Convert.FromHexString(rawHex));
        var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence(); // DER reader rejects non-minimal INTEGERs
        Assert.Equal(new System.Numerics.BigInteger(Convert.FromHexString(rHex), isUnsigned: true, isBigEndian: true), sequence.ReadInteger());
        Assert.Equal(new System.Numerics.BigInteger(Convert.FromHexString(sHex), isUnsigned: true, isBigEndian: true), sequence.ReadInteger());
    }

    [Fact]
    public void Converted_signatures_verify_for_many_random_signatures()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        for (int i = 0; i < 2000; i++) // about 8 of these have an r or s with a leading zero octet
        {
            byte[] hash = SHA256.HashData(BitConverter.GetBytes(i));
            byte[] raw = key.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            Assert.True(key.VerifyHash(hash, Pkcs11Mechanisms.EcdsaRawToDer(raw), DSASignatureFormat.Rfc3279DerSequence));
        }
    }
}

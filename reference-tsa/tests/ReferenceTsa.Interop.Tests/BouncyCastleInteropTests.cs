using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;
using ReferenceTsa.Certificates;
using ReferenceTsa.Interop.Tests.Support;

namespace ReferenceTsa.Interop.Tests;

/// <summary>BouncyCastle's TSP client classes against the reference TSA.</summary>
public sealed class BouncyCastleInteropTests(TsaPool pool)
{
    [Theory]
    [MemberData(nameof(TheoryMatrix.KeyTypesAndEndpoints), MemberType = typeof(TheoryMatrix))]
    public async Task TimeStampResponse_validates_against_the_request_and_the_token_against_the_TSU_certificate(
        DevKeyType keyType, TsaEndpoint endpoint)
    {
        var tsa = await pool.GetAsync(keyType);
        var tsu = new X509CertificateParser().ReadCertificate(await File.ReadAllBytesAsync(tsa.TsuCertificatePemPath(endpoint),
            TestContext.Current.CancellationToken));
        var random = new SecureRandom();
        byte[] hash = new byte[32];
        random.NextBytes(hash);
        var nonce = new BigInteger(64, random);

        var generator = new TimeStampRequestGenerator();
        generator.SetCertReq(true);
        var request = generator.Generate(TspAlgorithms.Sha256, hash, nonce);

        var response = new TimeStampResponse(await TsaPool.PostAsync(tsa.Url(endpoint), request.GetEncoded()));
        Assert.Equal(0, response.Status); // granted
        response.Validate(request); // status, nonce, imprint and its algorithm, a signing-certificate attribute, policy

        var token = response.TimeStampToken;
        Assert.NotNull(token);
        token.Validate(tsu); // TSU cert valid at genTime with critical timeStamping EKU, ESSCertID(v2) hash match, signature
        Assert.Equal(nonce, token.TimeStampInfo.Nonce);
        var carried = Assert.Single(token.GetCertificates().EnumerateMatches(null)); // certReq TRUE: exactly the TSU certificate
        Assert.Equal(tsu, carried);
        Assert.Equal(hash, token.TimeStampInfo.GetMessageImprintDigest());

        // EN 319 422 §5.2.1: ESSCertIDv2 (signing-certificate-v2, 1.2.840.113549.1.9.16.2.47), not the SHA-1 v1 attribute.
        var v2 = token.SignedAttributes[PkcsObjectIdentifiers.IdAASigningCertificateV2];
        Assert.NotNull(v2);
        Assert.Equal("1.2.840.113549.1.9.16.2.47", v2.AttrType.Id);
        Assert.Null(token.SignedAttributes[PkcsObjectIdentifiers.IdAASigningCertificate]);
        var signingCertificate = Org.BouncyCastle.Asn1.Ess.SigningCertificateV2.GetInstance(v2.AttrValues[0]);
        Assert.NotEmpty(signingCertificate.GetCerts());

        // BC must reject the token for another certificate (the ESSCertIDv2 binding is checked).
        var other = new X509CertificateParser().ReadCertificate(tsa.RootCa.RawData);
        Assert.ThrowsAny<Exception>(() => token.Validate(other));

        // And a response validated against a different request must fail (imprint/nonce mismatch).
        var otherRequest = generator.Generate(TspAlgorithms.Sha256, new byte[32], nonce);
        Assert.Throws<TspValidationException>(() => response.Validate(otherRequest));
    }
}

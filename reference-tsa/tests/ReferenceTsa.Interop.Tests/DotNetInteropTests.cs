using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Certificates;
using ReferenceTsa.Interop.Tests.Support;

namespace ReferenceTsa.Interop.Tests;

/// <summary>.NET's own RFC 3161 client (System.Security.Cryptography.Pkcs) against the reference TSA.</summary>
public sealed class DotNetInteropTests(TsaPool pool)
{
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    [Theory]
    [MemberData(nameof(TheoryMatrix.KeyTypesEndpointsAndCertReq), MemberType = typeof(TheoryMatrix))]
    public async Task Rfc3161TimestampToken_and_SignedCms_verify_and_the_signer_chains_to_the_dev_root(
        DevKeyType keyType, TsaEndpoint endpoint, bool certReq)
    {
        var tsa = await pool.GetAsync(keyType);
        using var tsu = tsa.TsuCertificate(endpoint);
        byte[] data = RandomNumberGenerator.GetBytes(4096);
        byte[] nonce = RandomNumberGenerator.GetBytes(8);
        // Positive and without a leading zero octet: .NET minimises the nonce before sending it, and the TSA echoes
        // exactly what was sent, so the test must start from the minimal form (1 in 128 random nonces was not).
        nonce[0] = (byte)(0x40 | (nonce[0] & 0x3F));
        var request = Rfc3161TimestampRequest.CreateFromData(data, HashAlgorithmName.SHA256, requestedPolicyId: null,
            nonce: nonce, requestSignerCertificates: certReq);

        byte[] reply = await TsaPool.PostAsync(tsa.Url(endpoint), request.Encode());

        // ProcessResponse checks status, imprint, nonce and (with certReq) that the signer certificate is present.
        var processed = request.ProcessResponse(reply, out int consumed);
        Assert.Equal(reply.Length, consumed);

        byte[] tokenBytes = processed.AsSignedCms().Encode();
        Assert.True(Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out int tokenLength), "TryDecode rejected the token");
        Assert.Equal(tokenBytes.Length, tokenLength);
        Assert.Equal(nonce, token.TokenInfo.GetNonce()?.ToArray());
        Assert.Equal(SHA256.HashData(data), token.TokenInfo.GetMessageHash().ToArray());

        var extra = new X509Certificate2Collection(tsu);
        X509Certificate2Collection? candidates = certReq ? null : extra;
        Assert.True(token.VerifySignatureForData(data, out var signer, candidates), "VerifySignatureForData failed");
        Assert.Equal(tsu.RawData, signer!.RawData);
        Assert.True(token.VerifySignatureForHash(SHA256.HashData(data), HashAlgorithmName.SHA256, out signer, candidates),
            "VerifySignatureForHash failed");
        Assert.False(token.VerifySignatureForData(RandomNumberGenerator.GetBytes(16), out _, candidates),
            "VerifySignatureForData accepted other data");
        if (!certReq)
        {
            Assert.False(token.VerifySignatureForData(data, out _), "without certReq the token should carry no certificate to verify with");
        }

        var signedCms = new SignedCms();
        signedCms.Decode(tokenBytes);
        Assert.Equal("1.2.840.113549.1.9.16.1.4", signedCms.ContentInfo.ContentType.Value);
        if (certReq)
        {
            Assert.Equal(tsu.RawData, Assert.Single(signedCms.Certificates).RawData);
        }
        else
        {
            Assert.Empty(signedCms.Certificates);
        }

        signedCms.CheckSignature(extra, verifySignatureOnly: true); // throws CryptographicException on failure
        var signerInfo = Assert.Single(signedCms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(keyType == DevKeyType.EcdsaP384 ? "2.16.840.1.101.3.4.2.2" : "2.16.840.1.101.3.4.2.1", signerInfo.DigestAlgorithm.Value);
        Assert.Equal(keyType switch
        {
            DevKeyType.Rsa3072 => "1.2.840.113549.1.1.11", // sha256WithRSAEncryption (or rsaEncryption, below)
            DevKeyType.Rsa3072Pss => "1.2.840.113549.1.1.10",
            DevKeyType.EcdsaP256 => "1.2.840.10045.4.3.2",
            _ => "1.2.840.10045.4.3.3",
        }, NormalizeRsa(signerInfo.SignatureAlgorithm.Value));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(tsa.RootCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(TimeStampingEku));
        chain.ChainPolicy.VerificationTime = token.TokenInfo.Timestamp.UtcDateTime;
        bool built = chain.Build(tsu);
        Assert.True(built, "the TSU certificate does not chain to the dev root: "
                           + string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation}")));
        Assert.Equal(2, chain.ChainElements.Count);
        Assert.Equal(tsa.RootCa.RawData, chain.ChainElements[^1].Certificate.RawData);

        // The same chain with an unrelated trust anchor must not build (the custom root is what makes it pass).
        using var stranger = CreateStrangerRoot();
        using var negative = new X509Chain();
        negative.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        negative.ChainPolicy.CustomTrustStore.Add(stranger);
        negative.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.False(negative.Build(tsu), "the TSU certificate chained to an unrelated root");
    }

    /// <summary>RFC 3370 allows rsaEncryption as the signatureAlgorithm of a PKCS#1 v1.5 signature.</summary>
    private static string? NormalizeRsa(string? oid) => oid == "1.2.840.113549.1.1.1" ? "1.2.840.113549.1.1.11" : oid;

    private static X509Certificate2 CreateStrangerRoot()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Unrelated Root", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Protocol;
using ReferenceTsa.Signing;

namespace ReferenceTsa.Tests;

/// <summary>Software TSU keys load from PKCS#8 (PEM, DER, encrypted) and PKCS#12, and refuse what they cannot use.</summary>
public sealed class SoftwareSigningKeyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-keys-").FullName;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private void AssertSignsWithOurKey(SoftwareSigningKey loaded)
    {
        byte[] hash = SHA256.HashData("x"u8);
        byte[] signature = loaded.SignHash(hash, DigestAlgorithm.Sha256);
        Assert.True(_key.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void Loads_pkcs8_pem_and_der()
    {
        using var pem = SoftwareSigningKey.Load(Write("k.pem", System.Text.Encoding.ASCII.GetBytes(_key.ExportPkcs8PrivateKeyPem())), SignatureScheme.Ecdsa, null);
        AssertSignsWithOurKey(pem);
        using var der = SoftwareSigningKey.Load(Write("k.der", _key.ExportPkcs8PrivateKey()), SignatureScheme.Ecdsa, null);
        AssertSignsWithOurKey(der);
    }

    [Fact]
    public void Loads_encrypted_pkcs8_with_its_password()
    {
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000);
        string path = Write("k.enc.pem", System.Text.Encoding.ASCII.GetBytes(_key.ExportEncryptedPkcs8PrivateKeyPem("s3cret", pbe)));
        using var loaded = SoftwareSigningKey.Load(path, SignatureScheme.Ecdsa, "s3cret");
        AssertSignsWithOurKey(loaded);
        var e = Assert.Throws<CryptographicException>(() => SoftwareSigningKey.Load(path, SignatureScheme.Ecdsa, "wrong"));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Loads_pkcs12()
    {
        var request = new CertificateRequest("CN=p12", _key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string path = Write("k.p12", certificate.Export(X509ContentType.Pkcs12, "pw"));
        using var loaded = SoftwareSigningKey.Load(path, SignatureScheme.Ecdsa, "pw");
        AssertSignsWithOurKey(loaded);
        Assert.True(loaded.MatchesCertificate(certificate));
    }

    [Fact]
    public void An_rsa_scheme_refuses_an_ec_key_with_the_file_named()
    {
        string path = Write("k.pem", System.Text.Encoding.ASCII.GetBytes(_key.ExportPkcs8PrivateKeyPem()));
        var e = Assert.Throws<CryptographicException>(() => SoftwareSigningKey.Load(path, SignatureScheme.RsaPkcs1, null));
        Assert.Contains(path, e.Message);
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Signing;

/// <summary>
/// A TSU key held in process memory (PKCS#8 or PKCS#12). Development only: EN 319 421 TIS-7.6.2-03 requires
/// the key to be generated and used inside a secure cryptographic device.
/// </summary>
public sealed class SoftwareSigningKey : ITsuSigningKey
{
    private readonly AsymmetricAlgorithm _key;

    public SoftwareSigningKey(AsymmetricAlgorithm key, SignatureScheme scheme, string description)
    {
        _key = key;
        Scheme = scheme;
        Description = description;
        bool compatible = (key, scheme) switch
        {
            (RSA, SignatureScheme.RsaPkcs1 or SignatureScheme.RsaPss) => true,
            (ECDsa, SignatureScheme.Ecdsa) => true,
            _ => false,
        };
        if (!compatible)
        {
            throw new ArgumentException($"a {key.GetType().Name} key cannot sign with {scheme}", nameof(scheme));
        }
    }

    public SignatureScheme Scheme { get; }

    public KeyProtection Protection => KeyProtection.Software;

    public string Description { get; }

    /// <summary>Loads a PKCS#8 key (PEM or DER, optionally encrypted) or a PKCS#12 file (.p12/.pfx).</summary>
    public static SoftwareSigningKey Load(string path, SignatureScheme scheme, string? password)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        AsymmetricAlgorithm key;
        if (extension is ".p12" or ".pfx")
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
                ?? throw new CryptographicException($"{path} holds no RSA or ECDSA private key");
        }
        else
        {
            key = ImportPkcs8(File.ReadAllBytes(path), scheme, password, path);
        }

        return new SoftwareSigningKey(key, scheme, $"software key {path}");
    }

    private static AsymmetricAlgorithm ImportPkcs8(byte[] bytes, SignatureScheme scheme, string? password, string path)
    {
        AsymmetricAlgorithm key = scheme == SignatureScheme.Ecdsa ? ECDsa.Create() : RSA.Create();
        try
        {
            bool isPem = bytes.AsSpan().IndexOf("-----BEGIN"u8) >= 0;
            if (isPem)
            {
                string pem = System.Text.Encoding.ASCII.GetString(bytes);
                if (password is null)
                {
                    key.ImportFromPem(pem);
                }
                else
                {
                    key.ImportFromEncryptedPem(pem, password);
                }
            }
            else if (password is null)
            {
                key.ImportPkcs8PrivateKey(bytes, out _);
            }
            else
            {
                key.ImportEncryptedPkcs8PrivateKey(password, bytes, out _);
            }

            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new CryptographicException(
                $"{path} is not a {(scheme == SignatureScheme.Ecdsa ? "ECDSA" : "RSA")} PKCS#8 private key: {e.Message}", e);
        }
    }

    public byte[] SignHash(ReadOnlySpan<byte> hash, DigestAlgorithm hashAlgorithm) => (_key, Scheme) switch
    {
        (RSA rsa, SignatureScheme.RsaPkcs1) => rsa.SignHash(hash, hashAlgorithm.DotNetName, RSASignaturePadding.Pkcs1),
        // RSASignaturePadding.Pss uses a salt as long as the hash, matching the parameters we declare.
        (RSA rsa, SignatureScheme.RsaPss) => rsa.SignHash(hash, hashAlgorithm.DotNetName, RSASignaturePadding.Pss),
        (ECDsa ecdsa, SignatureScheme.Ecdsa) => ecdsa.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence),
        _ => throw new InvalidOperationException($"unsupported key and scheme {Scheme}"),
    };

    public bool MatchesCertificate(X509Certificate2 certificate)
    {
        byte[] ours = _key.ExportSubjectPublicKeyInfo();
        byte[] theirs = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        return ours.AsSpan().SequenceEqual(theirs);
    }

    public void Dispose() => _key.Dispose();
}

using System.Security.Cryptography;
using System.Security.Cryptography.Xml;

namespace Conformance.TrustedLists.Signing;

/// <summary>
/// The XMLDSig signature and digest algorithms accepted for a trusted list, and the SignatureDescriptions that
/// System.Security.Cryptography.Xml lacks (ECDSA, RSASSA-PSS), registered once with CryptoConfig. SHA-1 and MD5 are
/// refused before any verification.
/// </summary>
public static class XmlDsigAlgorithms
{
    public const string RsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public const string RsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384";
    public const string RsaSha512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
    public const string EcdsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    public const string EcdsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
    public const string EcdsaSha512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";
    public const string RsaPssSha256 = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1";
    public const string RsaPssSha384 = "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1";
    public const string RsaPssSha512 = "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1";

    public static readonly IReadOnlySet<string> SignatureMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        RsaSha256, RsaSha384, RsaSha512, EcdsaSha256, EcdsaSha384, EcdsaSha512, RsaPssSha256, RsaPssSha384, RsaPssSha512,
    };

    public static readonly IReadOnlySet<string> DigestMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        SignedXml.XmlDsigSHA256Url, "http://www.w3.org/2001/04/xmldsig-more#sha384", SignedXml.XmlDsigSHA512Url,
    };

    public static readonly IReadOnlySet<string> Canonicalizations = new HashSet<string>(StringComparer.Ordinal)
    {
        SignedXml.XmlDsigExcC14NTransformUrl, SignedXml.XmlDsigExcC14NWithCommentsTransformUrl, SignedXml.XmlDsigC14NTransformUrl,
        "http://www.w3.org/2006/12/xml-c14n11",
    };

    private static readonly Lazy<bool> Registration = new(() =>
    {
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha256Description), EcdsaSha256);
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha384Description), EcdsaSha384);
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha512Description), EcdsaSha512);
        CryptoConfig.AddAlgorithm(typeof(RsaPssSha256Description), RsaPssSha256);
        CryptoConfig.AddAlgorithm(typeof(RsaPssSha384Description), RsaPssSha384);
        CryptoConfig.AddAlgorithm(typeof(RsaPssSha512Description), RsaPssSha512);
        return true;
    });

    public static void EnsureRegistered() => _ = Registration.Value;

    public static bool IsSha1OrMd5(string uri) =>
        uri.Contains("sha1", StringComparison.OrdinalIgnoreCase) || uri.Contains("md5", StringComparison.OrdinalIgnoreCase);

    /// <summary>ECDSA in XMLDSig (RFC 4051): the signature value is r||s, which is .NET's IEEE P1363 format.</summary>
    public abstract class EcdsaDescription : SignatureDescription
    {
        private readonly HashAlgorithmName hash;

        protected EcdsaDescription(HashAlgorithmName hash)
        {
            this.hash = hash;
            KeyAlgorithm = typeof(ECDsa).AssemblyQualifiedName;
        }

        public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new Deformatter((ECDsa)key);

        public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => new Formatter((ECDsa)key);

        public override HashAlgorithm CreateDigest() => CreateHash(hash);

        private sealed class Deformatter(ECDsa key) : AsymmetricSignatureDeformatter
        {
            public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) => key.VerifyHash(rgbHash, rgbSignature);

            public override void SetHashAlgorithm(string strName)
            {
            }

            public override void SetKey(AsymmetricAlgorithm key)
            {
            }
        }

        private sealed class Formatter(ECDsa key) : AsymmetricSignatureFormatter
        {
            public override byte[] CreateSignature(byte[] rgbHash) => key.SignHash(rgbHash);

            public override void SetHashAlgorithm(string strName)
            {
            }

            public override void SetKey(AsymmetricAlgorithm key)
            {
            }
        }
    }

    /// <summary>RSASSA-PSS in XMLDSig (RFC 6931): MGF1 with the same hash, salt as long as the hash, trailer 1.</summary>
    public abstract class RsaPssDescription : SignatureDescription
    {
        private readonly HashAlgorithmName hash;

        protected RsaPssDescription(HashAlgorithmName hash)
        {
            this.hash = hash;
            KeyAlgorithm = typeof(RSA).AssemblyQualifiedName;
        }

        public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new Deformatter((RSA)key, hash);

        public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => new Formatter((RSA)key, hash);

        public override HashAlgorithm CreateDigest() => CreateHash(hash);

        private sealed class Deformatter(RSA key, HashAlgorithmName hash) : AsymmetricSignatureDeformatter
        {
            public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) => key.VerifyHash(rgbHash, rgbSignature, hash, RSASignaturePadding.Pss);

            public override void SetHashAlgorithm(string strName)
            {
            }

            public override void SetKey(AsymmetricAlgorithm key)
            {
            }
        }

        private sealed class Formatter(RSA key, HashAlgorithmName hash) : AsymmetricSignatureFormatter
        {
            public override byte[] CreateSignature(byte[] rgbHash) => key.SignHash(rgbHash, hash, RSASignaturePadding.Pss);

            public override void SetHashAlgorithm(string strName)
            {
            }

            public override void SetKey(AsymmetricAlgorithm key)
            {
            }
        }
    }

    public sealed class EcdsaSha256Description() : EcdsaDescription(HashAlgorithmName.SHA256);

    public sealed class EcdsaSha384Description() : EcdsaDescription(HashAlgorithmName.SHA384);

    public sealed class EcdsaSha512Description() : EcdsaDescription(HashAlgorithmName.SHA512);

    public sealed class RsaPssSha256Description() : RsaPssDescription(HashAlgorithmName.SHA256);

    public sealed class RsaPssSha384Description() : RsaPssDescription(HashAlgorithmName.SHA384);

    public sealed class RsaPssSha512Description() : RsaPssDescription(HashAlgorithmName.SHA512);

    private static HashAlgorithm CreateHash(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? SHA256.Create() : hash == HashAlgorithmName.SHA384 ? SHA384.Create() : SHA512.Create();
}

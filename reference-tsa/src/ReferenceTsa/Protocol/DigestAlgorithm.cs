using System.Security.Cryptography;

namespace ReferenceTsa.Protocol;

/// <summary>A hash algorithm (message imprints and signer digests) the TSA knows by OID, with its digest length.</summary>
public sealed record DigestAlgorithm(string Name, string Oid, int DigestLength, bool Weak)
{
    public static readonly DigestAlgorithm Md5 = new("MD5", "1.2.840.113549.2.5", 16, Weak: true);
    public static readonly DigestAlgorithm Sha1 = new("SHA1", "1.3.14.3.2.26", 20, Weak: true);
    public static readonly DigestAlgorithm Sha224 = new("SHA224", "2.16.840.1.101.3.4.2.4", 28, Weak: false);
    public static readonly DigestAlgorithm Sha256 = new("SHA256", "2.16.840.1.101.3.4.2.1", 32, Weak: false);
    public static readonly DigestAlgorithm Sha384 = new("SHA384", "2.16.840.1.101.3.4.2.2", 48, Weak: false);
    public static readonly DigestAlgorithm Sha512 = new("SHA512", "2.16.840.1.101.3.4.2.3", 64, Weak: false);
    public static readonly DigestAlgorithm Sha3_256 = new("SHA3-256", "2.16.840.1.101.3.4.2.8", 32, Weak: false);
    public static readonly DigestAlgorithm Sha3_384 = new("SHA3-384", "2.16.840.1.101.3.4.2.9", 48, Weak: false);
    public static readonly DigestAlgorithm Sha3_512 = new("SHA3-512", "2.16.840.1.101.3.4.2.10", 64, Weak: false);

    /// <summary>Every algorithm the TSA can name; acceptance is decided by the endpoint's configuration.</summary>
    public static IReadOnlyList<DigestAlgorithm> Known { get; } =
        [Md5, Sha1, Sha224, Sha256, Sha384, Sha512, Sha3_256, Sha3_384, Sha3_512];

    /// <summary>The default accepted set: SHA-2 and SHA-3 with at least 256 bits (EN 319 422 §5.1.3 via TS 119 312).</summary>
    public static IReadOnlyList<DigestAlgorithm> DefaultAccepted { get; } =
        [Sha256, Sha384, Sha512, Sha3_256, Sha3_384, Sha3_512];

    public static DigestAlgorithm? FromOid(string oid) => Known.FirstOrDefault(a => a.Oid == oid);

    public static DigestAlgorithm? FromName(string name) =>
        Known.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)
                                  || string.Equals(a.Name.Replace("-", ""), name.Replace("-", ""), StringComparison.OrdinalIgnoreCase));

    public HashAlgorithmName DotNetName => Name switch
    {
        "MD5" => HashAlgorithmName.MD5,
        "SHA1" => HashAlgorithmName.SHA1,
        "SHA256" => HashAlgorithmName.SHA256,
        "SHA384" => HashAlgorithmName.SHA384,
        "SHA512" => HashAlgorithmName.SHA512,
        "SHA3-256" => HashAlgorithmName.SHA3_256,
        "SHA3-384" => HashAlgorithmName.SHA3_384,
        "SHA3-512" => HashAlgorithmName.SHA3_512,
        _ => throw new NotSupportedException($"{Name} is not usable for signing."),
    };

    public byte[] Hash(ReadOnlySpan<byte> data) => Name switch
    {
        "SHA256" => SHA256.HashData(data),
        "SHA384" => SHA384.HashData(data),
        "SHA512" => SHA512.HashData(data),
        "SHA3-256" => SHA3_256.HashData(data),
        "SHA3-384" => SHA3_384.HashData(data),
        "SHA3-512" => SHA3_512.HashData(data),
        _ => throw new NotSupportedException($"{Name} is not usable for signing."),
    };

    public override string ToString() => Name;
}

using System.Security.Cryptography;

namespace Conformance.Checks.Protocol;

/// <summary>A hash algorithm the suite can put into a message imprint, by the names a target file or a feature uses.</summary>
public sealed record HashAlgorithmInfo(string Name, string Oid, int Length)
{
    public static readonly HashAlgorithmInfo Sha256 = new("SHA-256", Oids.Sha256, 32);
    public static readonly HashAlgorithmInfo Sha384 = new("SHA-384", Oids.Sha384, 48);
    public static readonly HashAlgorithmInfo Sha512 = new("SHA-512", Oids.Sha512, 64);

    public static IReadOnlyList<HashAlgorithmInfo> Known { get; } = [Sha256, Sha384, Sha512];

    /// <summary>Weak hashes a TSA is expected to refuse (RFC 3161 §2.4.1; TS 119 312).</summary>
    public static readonly HashAlgorithmInfo Md5 = new("MD5", Oids.Md5, 16);
    public static readonly HashAlgorithmInfo Sha1 = new("SHA-1", Oids.Sha1, 20);

    public static IReadOnlyList<HashAlgorithmInfo> Weak { get; } = [Md5, Sha1];

    /// <summary>Accepts "SHA-256", "sha256", "SHA256" and the dotted OID.</summary>
    public static bool TryParse(string text, out HashAlgorithmInfo? algorithm)
    {
        string normalised = text.Trim().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        algorithm = Known.Concat(Weak).FirstOrDefault(a =>
            a.Name.Replace("-", "", StringComparison.Ordinal) == normalised || a.Oid == text.Trim());
        return algorithm is not null;
    }

    public byte[] HashRandomData()
    {
        byte[] data = RandomNumberGenerator.GetBytes(64);
        return Name switch
        {
            "SHA-256" => SHA256.HashData(data),
            "SHA-384" => SHA384.HashData(data),
            "MD5" => MD5.HashData(data),
            "SHA-1" => SHA1.HashData(data),
            _ => SHA512.HashData(data),
        };
    }
}

using System.Security.Cryptography;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Disclosure;

/// <summary>
/// A hash algorithm a message imprint may use, as a disclosure statement names it. The suite asks for time stamps with
/// each of them to see which ones the TSA accepts (EN 319 421 OVR-6.2-02 a: the practice statement names the
/// accepted hashes); the imprint is random bytes of the algorithm's length, which a TSA cannot tell from a real digest.
/// </summary>
public sealed record ImprintAlgorithm(string Name, string Oid, int Length)
{
    public static IReadOnlyList<ImprintAlgorithm> All { get; } =
    [
        new("MD5", Oids.Md5, 16),
        new("SHA-1", Oids.Sha1, 20),
        new("SHA-224", Oids.Sha224, 28),
        new("SHA-256", Oids.Sha256, 32),
        new("SHA-384", Oids.Sha384, 48),
        new("SHA-512", Oids.Sha512, 64),
        new("SHA3-256", Oids.Sha3_256, 32),
        new("SHA3-384", Oids.Sha3_384, 48),
        new("SHA3-512", Oids.Sha3_512, 64),
    ];

    /// <summary>Accepts "SHA-256", "sha256", "SHA3-256", "sha3_256" and the dotted OID.</summary>
    public static ImprintAlgorithm? Find(string text)
    {
        static string Normalise(string s) => s.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
        string wanted = Normalise(text);
        return All.FirstOrDefault(a => Normalise(a.Name) == wanted || a.Oid == text.Trim());
    }

    public static string NameOf(string oid) => All.FirstOrDefault(a => a.Oid == oid)?.Name ?? oid;

    public TimeStampRequest RandomRequest() => new() { HashAlgorithmOid = Oid, HashedMessage = RandomNumberGenerator.GetBytes(Length) };
}

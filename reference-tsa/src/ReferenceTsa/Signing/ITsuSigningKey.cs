using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Signing;

/// <summary>
/// A TSU signing key. The hash is always computed in software; the key only signs the digest, so a PKCS#11
/// token, a software key or any other backend plugs in here.
/// </summary>
public interface ITsuSigningKey : IDisposable
{
    SignatureScheme Scheme { get; }

    KeyProtection Protection { get; }

    /// <summary>Human-readable location of the key, for logs; never contains secrets.</summary>
    string Description { get; }

    /// <summary>
    /// Signs <paramref name="hash"/> (computed with <paramref name="hashAlgorithm"/>) and returns the value that goes
    /// into SignerInfo.signature: PKCS#1 or PSS octets for RSA, a DER Ecdsa-Sig-Value for ECDSA (RFC 5753 §7.2).
    /// </summary>
    byte[] SignHash(ReadOnlySpan<byte> hash, DigestAlgorithm hashAlgorithm);

    /// <summary>True when the key's public half is the one in <paramref name="certificate"/>.</summary>
    bool MatchesCertificate(X509Certificate2 certificate);
}

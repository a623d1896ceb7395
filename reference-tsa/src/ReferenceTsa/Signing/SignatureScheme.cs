namespace ReferenceTsa.Signing;

/// <summary>How a TSU key signs: RSA PKCS#1 v1.5, RSASSA-PSS (salt = hash length, MGF1 with the same hash), or ECDSA.</summary>
public enum SignatureScheme
{
    RsaPkcs1,
    RsaPss,
    Ecdsa,
}

namespace ReferenceTsa.Signing;

/// <summary>How a TSU key signs: RSA PKCS#1 v1.5, RSASSA-PSS (salt = hash length, MGF1 with the same hash), or ECDSA.</summary>
public enum SignatureScheme
{
    RsaPkcs1,
    RsaPss,
    Ecdsa,
}

/// <summary>The configuration and command-line names of <see cref="SignatureScheme"/>: rsa-pkcs1, rsa-pss, ecdsa.</summary>
public static class SignatureSchemeNames
{
    public const string Known = "rsa-pkcs1, rsa-pss, ecdsa";

    /// <summary>The scheme for a name (any case), or null for an unknown or missing name.</summary>
    public static SignatureScheme? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "rsa-pkcs1" => SignatureScheme.RsaPkcs1,
        "rsa-pss" => SignatureScheme.RsaPss,
        "ecdsa" => SignatureScheme.Ecdsa,
        _ => null,
    };
}

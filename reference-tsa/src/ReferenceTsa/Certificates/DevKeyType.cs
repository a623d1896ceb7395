namespace ReferenceTsa.Certificates;

/// <summary>Key types `dev init` can create for a TSU.</summary>
public enum DevKeyType
{
    Rsa3072,
    Rsa3072Pss,
    EcdsaP256,
    EcdsaP384,
}

public static class DevKeyTypes
{
    public static bool TryParse(string? text, out DevKeyType keyType)
    {
        DevKeyType? parsed = text?.ToLowerInvariant() switch
        {
            "rsa-3072" or "rsa3072" => DevKeyType.Rsa3072,
            "rsa-3072-pss" or "rsa3072-pss" => DevKeyType.Rsa3072Pss,
            "ecdsa-p256" or "p256" or "p-256" => DevKeyType.EcdsaP256,
            "ecdsa-p384" or "p384" or "p-384" => DevKeyType.EcdsaP384,
            _ => null,
        };
        keyType = parsed ?? default;
        return parsed is not null;
    }

    public static string Name(this DevKeyType keyType) => keyType switch
    {
        DevKeyType.Rsa3072 => "rsa-3072",
        DevKeyType.Rsa3072Pss => "rsa-3072-pss",
        DevKeyType.EcdsaP256 => "ecdsa-p256",
        DevKeyType.EcdsaP384 => "ecdsa-p384",
        _ => throw new ArgumentOutOfRangeException(nameof(keyType)),
    };

    public static string Scheme(this DevKeyType keyType) => keyType switch
    {
        DevKeyType.Rsa3072 => "rsa-pkcs1",
        DevKeyType.Rsa3072Pss => "rsa-pss",
        _ => "ecdsa",
    };

    /// <summary>
    /// The last day the key's signature scheme is fit for purpose in the algorithm policy the suite checks against
    /// (ETSI TS 119 312 V1.5.1 as EU DSS encodes it: RSA PKCS#1 v1.5 until 2029-01-01; RSASSA-PSS with 3000+ bits and
    /// ECDSA on P-256/P-384 without an end date), so dev certificates never outlive their algorithm.
    /// </summary>
    public static DateTimeOffset? AlgorithmSunset(this DevKeyType keyType) =>
        keyType == DevKeyType.Rsa3072 ? new DateTimeOffset(2028, 12, 31, 23, 59, 59, TimeSpan.Zero) : null;

    public static string SignerDigest(this DevKeyType keyType) => keyType == DevKeyType.EcdsaP384 ? "SHA384" : "SHA256";
}

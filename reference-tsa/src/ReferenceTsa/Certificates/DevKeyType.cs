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

    public static string SignerDigest(this DevKeyType keyType) => keyType == DevKeyType.EcdsaP384 ? "SHA384" : "SHA256";
}

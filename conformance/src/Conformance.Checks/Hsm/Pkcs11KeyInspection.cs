using System.Text;

namespace Conformance.Checks.Hsm;

/// <summary>One attribute as the token reported it: a value, or why it could not be read.</summary>
public sealed record Pkcs11AttributeReading(string Name, string? Value, bool? Flag)
{
    public bool Readable => Value is not null;

    public override string ToString() => $"{Name} = {Value ?? "(cannot be read)"}";
}

/// <summary>The public half of the key as the token holds it: RSA modulus and exponent, or EC parameters and point.</summary>
public sealed record TokenPublicKey(string KeyType, byte[]? Modulus, byte[]? PublicExponent, byte[]? EcParameters, byte[]? EcPoint, string Source);

/// <summary>
/// What the inspector read about one TSU private key: the token, every attribute of the private key, and its public
/// key. Everything here goes into the evidence file; nothing secret is read (sensitive attributes are never asked for).
/// </summary>
public sealed record Pkcs11KeyInspection
{
    public required string Location { get; init; }
    public required string TokenDescription { get; init; }
    public required IReadOnlyList<Pkcs11AttributeReading> Attributes { get; init; }
    public TokenPublicKey? PublicKey { get; init; }
    public string? PublicKeyProblem { get; init; }
    public DateTimeOffset InspectedAt { get; init; } = DateTimeOffset.UtcNow;

    public Pkcs11AttributeReading? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    public string ToEvidenceText()
    {
        var text = new StringBuilder();
        text.AppendLine($"PKCS#11 inspection of a TSU private key (TSP-REF-004, EN 319 421 TIS-7.6.3) at {InspectedAt:yyyy-MM-ddTHH:mm:ss.fffZ}");
        text.AppendLine($"location: {Location}");
        text.AppendLine($"token:    {TokenDescription}");
        text.AppendLine("private key attributes:");
        foreach (Pkcs11AttributeReading attribute in Attributes)
        {
            text.AppendLine($"  {attribute}");
        }

        if (PublicKey is { } key)
        {
            text.AppendLine($"public key ({key.KeyType}) from {key.Source}:");
            if (key.Modulus is not null)
            {
                text.AppendLine($"  CKA_MODULUS = {Convert.ToHexStringLower(key.Modulus)}");
                text.AppendLine($"  CKA_PUBLIC_EXPONENT = {Convert.ToHexStringLower(key.PublicExponent ?? [])}");
            }

            if (key.EcPoint is not null)
            {
                text.AppendLine($"  CKA_EC_PARAMS = {Convert.ToHexStringLower(key.EcParameters ?? [])}");
                text.AppendLine($"  CKA_EC_POINT = {Convert.ToHexStringLower(key.EcPoint)}");
            }
        }
        else
        {
            text.AppendLine($"public key: not available ({PublicKeyProblem})");
        }

        return text.ToString();
    }
}

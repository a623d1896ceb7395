using System.Security.Cryptography.X509Certificates;

namespace Conformance.TrustedLists.Signing;

/// <summary>What the enveloped signature of a list establishes.</summary>
public enum ListSignatureStatus
{
    /// <summary>The signature verifies and its content reference covers the whole list (the document element).</summary>
    Valid,

    /// <summary>The list carries no ds:Signature.</summary>
    Unsigned,

    /// <summary>A digest or the signature value does not verify, or the signature is malformed.</summary>
    Invalid,

    /// <summary>The signature verifies, but over an element other than the document element (XML signature wrapping).</summary>
    Wrapped,

    /// <summary>An algorithm that is refused (SHA-1, MD5) or unknown.</summary>
    RefusedAlgorithm,
}

/// <summary>The result of verifying a list's signature: status, why, who signed, with what.</summary>
public sealed record ListSignature(ListSignatureStatus Status, string Detail, X509Certificate2? Signer, string? SignatureMethod, DateTimeOffset? SigningTime)
{
    public bool IsValid => Status == ListSignatureStatus.Valid;

    public string Describe() =>
        $"{Status switch { ListSignatureStatus.Valid => "valid", ListSignatureStatus.Unsigned => "unsigned", ListSignatureStatus.Invalid => "INVALID", ListSignatureStatus.Wrapped => "WRAPPED", _ => "REFUSED" }}: {Detail}";
}

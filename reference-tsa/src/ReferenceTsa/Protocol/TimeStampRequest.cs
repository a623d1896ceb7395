namespace ReferenceTsa.Protocol;

/// <summary>A structurally valid RFC 3161 TimeStampReq (§2.4.1). Semantic checks happen in issuance.</summary>
public sealed class TimeStampRequest
{
    /// <summary>As received, however large (reported exactly when refused).</summary>
    public required System.Numerics.BigInteger Version { get; init; }

    public required string HashAlgorithmOid { get; init; }

    /// <summary>The MessageImprint exactly as received, echoed verbatim into the token (RFC 3161 §2.4.2).</summary>
    public required ReadOnlyMemory<byte> MessageImprintEncoded { get; init; }

    public required ReadOnlyMemory<byte> HashedMessage { get; init; }

    public string? RequestedPolicy { get; init; }

    /// <summary>The nonce's INTEGER content octets as received, so the echo is byte-exact.</summary>
    public ReadOnlyMemory<byte>? Nonce { get; init; }

    public bool CertReq { get; init; }

    /// <summary>OIDs of the request extensions, in order. Any extension is refused (RFC 3161 §2.1(11)).</summary>
    public IReadOnlyList<string> ExtensionOids { get; init; } = [];
}

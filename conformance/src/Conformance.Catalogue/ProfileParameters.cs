namespace Conformance.Catalogue;

/// <summary>Values the checks of a profile are parameterised with. Unset values inherit from the extended profile.</summary>
public sealed record ProfileParameters
{
    /// <summary>Largest accuracy a token may declare, in seconds (EN 319 422 §5.2.2; EN 319 421 TIS-7.7.2-03).</summary>
    public decimal? MaxAccuracySeconds { get; init; }
    /// <summary>Message-imprint hash algorithms the TSA is expected to grant (names from the crypto policy).</summary>
    public IReadOnlyList<string>? AcceptedHashes { get; init; }
    /// <summary>Hash algorithms the TSA is expected to refuse (badAlg).</summary>
    public IReadOnlyList<string>? RejectedHashes { get; init; }
    /// <summary>Time-stamp policy OIDs accepted in TSTInfo.policy.</summary>
    public IReadOnlyList<string>? PolicyOids { get; init; }
    /// <summary>statementId expected in the token's qcStatements for a qualified token (esi4-qtstStatement-1, EN 319 422 Annex B).</summary>
    public string? QualifiedStatementOid { get; init; }
    /// <summary>HTTPS support is required (CIR (EU) 2025/1929 Annex point 2(9)).</summary>
    public bool? RequireHttps { get; init; }
    /// <summary>Largest serial number in bits (RFC 3161 §2.4.2 asks clients to cope with 160).</summary>
    public int? MaxSerialBits { get; init; }
    /// <summary>Crypto policy ID from spec/crypto used for algorithm and key-size checks.</summary>
    public string? CryptoPolicy { get; init; }
    /// <summary>Number of tokens to sample for uniqueness and clock checks.</summary>
    public int? SampleSize { get; init; }

    /// <summary>This profile's values, falling back to <paramref name="parent"/> for each unset one.</summary>
    public ProfileParameters InheritFrom(ProfileParameters parent) => new()
    {
        MaxAccuracySeconds = MaxAccuracySeconds ?? parent.MaxAccuracySeconds,
        AcceptedHashes = AcceptedHashes ?? parent.AcceptedHashes,
        RejectedHashes = RejectedHashes ?? parent.RejectedHashes,
        PolicyOids = PolicyOids ?? parent.PolicyOids,
        QualifiedStatementOid = QualifiedStatementOid ?? parent.QualifiedStatementOid,
        RequireHttps = RequireHttps ?? parent.RequireHttps,
        MaxSerialBits = MaxSerialBits ?? parent.MaxSerialBits,
        CryptoPolicy = CryptoPolicy ?? parent.CryptoPolicy,
        SampleSize = SampleSize ?? parent.SampleSize,
    };
}

namespace Conformance.Catalogue;

/// <summary>
/// A versioned algorithm policy (spec/crypto/*.yaml): which hash and signature algorithms, key sizes and
/// curves are acceptable, and until when. Values that could not be checked against the policy document
/// carry <see cref="Confidence.Unverified"/>.
/// </summary>
public sealed record CryptoPolicy
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Document { get; init; }
    public required string Version { get; init; }
    public string? Issued { get; init; }
    /// <summary>
    /// First day this edition of the policy applies (its publication). A judgement about an earlier date against this
    /// edition is anachronistic: it can be an observation, never a nonconformity. Null = not stated.
    /// </summary>
    public DateOnly? InForceFrom { get; init; }
    public Confidence Confidence { get; init; }
    public string? Notes { get; init; }
    public required IReadOnlyList<CryptoAlgorithm> Algorithms { get; init; }
    public required string File { get; init; }
    public int Line { get; init; }

    public IEnumerable<CryptoAlgorithm> Hashes => Algorithms.Where(a => a.Type == CryptoAlgorithmType.Hash);
}

public enum CryptoAlgorithmType { Hash, Signature, Curve }

/// <summary>One row of a crypto policy. For signatures, the key-size band is [MinKeyBits, MaxKeyBits].</summary>
public sealed record CryptoAlgorithm
{
    public required CryptoAlgorithmType Type { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Oids { get; init; } = [];
    public int? MinKeyBits { get; init; }
    public int? MaxKeyBits { get; init; }
    /// <summary>Last day the algorithm (in this key-size band) is acceptable; null = no end date set by the policy.</summary>
    public DateOnly? ValidUntil { get; init; }
    /// <summary>True when the policy treats the entry as legacy/deprecated rather than recommended.</summary>
    public bool Legacy { get; init; }
    /// <summary>False when the policy does not accept the algorithm at all (kept so checks can name it).</summary>
    public bool Accepted { get; init; } = true;
    public Confidence Confidence { get; init; }
    /// <summary>Where in the source document the row comes from (table or clause), e.g. "Table 1 (hash functions)".</summary>
    public string Table { get; init; } = "";
    /// <summary>The row's values are our placeholder, not read in the source: it never decides a nonconformity.</summary>
    public bool Placeholder { get; init; }
    public string? Notes { get; init; }
    public int Line { get; init; }

    /// <summary>Whether a finding may rest on this row as a nonconformity: a verified value, not a placeholder.</summary>
    public bool Decisive => !Placeholder && Confidence == Confidence.Verified;
}

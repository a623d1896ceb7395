using ReferenceTsa.Protocol;

namespace ReferenceTsa.Issuance;

/// <summary>
/// What one service access point (e.g. /tsa or /qtsa) issues: which TSU signs, under which policies, with which
/// accuracy and genTime precision, and whether the tokens are declared qualified (EN 319 422 §9.1).
/// </summary>
public sealed class IssuancePolicy
{
    public required string Name { get; init; }

    /// <summary>The HTTP path of the service access point, e.g. "/tsa".</summary>
    public required string Path { get; init; }

    public required TimeStampingUnit Tsu { get; init; }

    /// <summary>The TSA policy OID put into tokens when the request names none (RFC 3161 §2.4.2 policy).</summary>
    public required string DefaultPolicyOid { get; init; }

    /// <summary>Policies a request may name in reqPolicy; includes the default, and BTSP where the TSA declares it.</summary>
    public required IReadOnlyList<string> AcceptedPolicyOids { get; init; }

    public required IReadOnlyList<DigestAlgorithm> AcceptedHashes { get; init; }

    public required Accuracy Accuracy { get; init; }

    public required int GenTimeFractionDigits { get; init; }

    /// <summary>Whether TSTInfo.tsa carries the TSU certificate's subject name (RFC 3161: optional).</summary>
    public bool IncludeTsaName { get; init; }

    /// <summary>Qualified tokens carry the non-critical qcStatements extension with esi4-qtstStatement-1.</summary>
    public bool Qualified { get; init; }
}

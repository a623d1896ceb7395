using System.Numerics;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Issuance;

/// <summary>The DER TimeStampResp for one request, with what it decided (for logs, metrics and the evidence log).</summary>
public sealed record IssuanceOutcome(
    byte[] Response,
    PkiStatus Status,
    PkiFailureInfo FailInfo,
    string StatusText,
    BigInteger? SerialNumber = null,
    DateTimeOffset? GenTime = null)
{
    /// <summary>For granted outcomes: what the evidence log records about the token.</summary>
    public IssuedToken? Issued { get; init; }

    public bool Granted => Status == PkiStatus.Granted;
}

/// <summary>What was issued, for the evidence record: written before the token leaves the TSA.</summary>
public sealed record IssuedToken(
    string Endpoint,
    string PolicyOid,
    string ImprintAlgorithmOid,
    byte[] ImprintDigest,
    string TsuName,
    byte[] TsuCertificateSha256,
    byte[] TokenSha256,
    ReferenceTsa.Clock.ClockState Clock);

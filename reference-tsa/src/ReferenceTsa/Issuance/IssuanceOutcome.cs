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
    public bool Granted => Status == PkiStatus.Granted;
}

using ReferenceTsa.Clock;
using ReferenceTsa.Issuance;

namespace ReferenceTsa.EvidenceLog;

/// <summary>The JSON shapes of evidence records, kept in one place so auditors and `audit` read one format.</summary>
public static class EvidencePayloads
{
    public const string CheckpointKind = "checkpoint";
    public const string TokenKind = "token";

    public static object Clock(ClockState state) => new
    {
        open = state.Open,
        monitored = state.Monitored,
        reason = state.Reason,
        errorBoundMs = state.ErrorBound?.TotalMilliseconds,
        evaluatedAt = state.EvaluatedAt,
        sources = state.Samples.Select(s => new
        {
            source = s.Source,
            offsetMs = s.Offset.TotalMilliseconds,
            delayMs = s.RoundTripDelay.TotalMilliseconds,
            rootDelayMs = s.RootDelay.TotalMilliseconds,
            rootDispersionMs = s.RootDispersion.TotalMilliseconds,
            stratum = s.Stratum,
            leap = s.LeapIndicator,
            refId = s.ReferenceId,
        }),
    };

    public static object Token(IssuanceOutcome outcome)
    {
        var issued = outcome.Issued ?? throw new ArgumentException("not a granted outcome", nameof(outcome));
        return new
        {
            serial = outcome.SerialNumber?.ToString("X"),
            genTime = outcome.GenTime,
            endpoint = issued.Endpoint,
            policy = issued.PolicyOid,
            imprintAlgorithm = issued.ImprintAlgorithmOid,
            imprint = Convert.ToHexString(issued.ImprintDigest),
            tsu = issued.TsuName,
            tsuCertificateSha256 = Convert.ToHexString(issued.TsuCertificateSha256),
            tokenSha256 = Convert.ToHexString(issued.TokenSha256),
            clock = Clock(issued.Clock),
        };
    }
}

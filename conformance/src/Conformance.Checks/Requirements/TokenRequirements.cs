using System.Globalization;
using System.Numerics;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>Checks on the TSTInfo of a token: RFC 3161 §2.4.2, EN 319 422 §5.2.</summary>
public static class TokenRequirements
{
    /// <summary>
    /// The TSTInfo of a token, or a finding when the token does not hold a decodable one (RFC 3161 §2.4.2): against
    /// <paramref name="requirementId"/>, or, without one, against the requirement of the scenario that asked.
    /// </summary>
    public static TstInfo RequireTstInfo(TimeStampToken token, string? requirementId = null) =>
        token.TstInfo ?? throw RequirementNotMetException.Against(requirementId, "the token holds no decodable TSTInfo", "a DER TSTInfo", token.TstInfoError);

    /// <summary>
    /// The token's genTime, or a finding when it cannot be read: against <paramref name="requirementId"/>, or, without
    /// one, against the requirement of the scenario that asked.
    /// </summary>
    public static DateTimeOffset RequireGenTime(TimeStampToken token, string? requirementId = null) =>
        RequireTstInfo(token, requirementId).GenTime
        ?? throw RequirementNotMetException.Against(requirementId, "genTime cannot be read", "a GeneralizedTime", token.TstInfo?.GenTimeText);

    /// <summary>TSP-TST-001. RFC 3161 §2.4.2: TSTInfo "version INTEGER { v1(1) }".</summary>
    public static void VersionIsOne(TstInfo tstInfo)
    {
        if (tstInfo.Version != BigInteger.One)
        {
            throw new RequirementNotMetException("TSP-TST-001", "the TSTInfo version is not v1", "1", tstInfo.Version.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// TSP-TST-008. EN 319 422 §5.2.2: the accuracy field shall be present, and an accuracy of one second or better
    /// shall be supported (EN 319 421 §5.1: BTSP accuracy 1 s). A missing part of Accuracy counts as zero.
    /// </summary>
    public static void AccuracyIsPresentAndAtMost(TstInfo tstInfo, TimeSpan maximum)
    {
        const string id = "TSP-TST-008";
        string limit = $"at most {maximum.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        if (tstInfo.Accuracy is not { } accuracy)
        {
            throw new RequirementNotMetException(id, "the token declares no accuracy", "accuracy present, " + limit, "accuracy absent");
        }

        BigInteger limitMicros = new(maximum.Ticks / (TimeSpan.TicksPerMillisecond / 1000));
        if (accuracy.TotalMicroseconds > limitMicros)
        {
            throw new RequirementNotMetException(id, "the token's accuracy is coarser than allowed", limit, accuracy.ToString());
        }
    }
}

using System.Numerics;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Time;

/// <summary>
/// One token obtained for the time-accuracy checks, with the local UTC instants just before the request left and just
/// after the answer was read. TSP-TIME-001 judges genTime against [send - accuracy - ε, receive + accuracy + ε].
/// </summary>
public sealed record TimeSample
{
    /// <summary>"tsa" (non-qualified endpoint) or "qtsa" (qualified endpoint).</summary>
    public required string Endpoint { get; init; }

    public required Uri Url { get; init; }

    /// <summary>Evidence file of the token, relative to the run's evidence folder.</summary>
    public required string TokenFile { get; init; }

    public required DateTimeOffset SendUtc { get; init; }
    public required DateTimeOffset ReceiveUtc { get; init; }

    /// <summary>genTime as encoded (YYYYMMDDhhmmss[.f...]Z), so no digit is lost.</summary>
    public required string GenTimeText { get; init; }

    public required DateTimeOffset GenTime { get; init; }

    /// <summary>The accuracy the token states; null when it states none.</summary>
    public TimeSpan? Accuracy { get; init; }

    /// <summary>
    /// The accuracy the bound is built with: the token's; without one, the accuracy the TSA declares; without that, one
    /// second (the most EN 319 421 §7.7.2 allows).
    /// </summary>
    public required TimeSpan BoundAccuracy { get; init; }

    /// <summary>The local clock's uncertainty ε at the time; null without a clock reference.</summary>
    public TimeSpan? Epsilon { get; init; }

    /// <summary>Taken around a scheduled leap second (TSP-TIME-004) rather than for the regular distribution.</summary>
    public bool AroundLeapSecond { get; init; }

    public DateTimeOffset LocalMidpoint => SendUtc + ((ReceiveUtc - SendUtc) / 2);

    /// <summary>genTime minus the local midpoint: the distribution the report plots.</summary>
    public TimeSpan Offset => GenTime - LocalMidpoint;

    /// <summary>The earliest and latest genTime consistent with UTC, given <paramref name="accuracy"/> and ε.</summary>
    public (DateTimeOffset Earliest, DateTimeOffset Latest)? Bounds(TimeSpan accuracy) =>
        Epsilon is { } e ? (SendUtc - accuracy - e, ReceiveUtc + accuracy + e) : null;

    /// <summary>genTime lies within the bounds; null when there is no ε to build them with.</summary>
    public bool? WithinBound => Bounds(BoundAccuracy) is { } b ? GenTime >= b.Earliest && GenTime <= b.Latest : null;

    /// <summary>genTime in ISO-8601 with every fractional digit the token carries.</summary>
    public string GenTimeIso
    {
        get
        {
            string t = GenTimeText;
            if (t.Length < 15 || !t.EndsWith('Z'))
            {
                return TimeJson.Iso(GenTime);
            }

            string fraction = t.Length > 15 && t[14] == '.' ? t[14..^1] : "";
            return $"{t[..4]}-{t[4..6]}-{t[6..8]}T{t[8..10]}:{t[10..12]}:{t[12..14]}{fraction}Z";
        }
    }

    /// <summary>A TSTInfo accuracy as a duration (seconds, millis, micros summed; RFC 3161 §2.4.2).</summary>
    public static TimeSpan? AccuracyOf(TstInfo tst)
    {
        if (tst.Accuracy is not { } accuracy)
        {
            return null;
        }

        BigInteger micros = accuracy.TotalMicroseconds;
        return micros > new BigInteger(TimeSpan.MaxValue.Ticks / 10) ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)micros * 10);
    }
}

using System.Formats.Asn1;

namespace ReferenceTsa.Issuance;

/// <summary>
/// genTime handling (RFC 3161 §2.4.2): UTC, truncated to the configured number of fraction digits, encoded as DER
/// GeneralizedTime, which has no trailing zeros in the fraction and no fraction at all when it is zero.
/// </summary>
public static class GenTimeFormat
{
    public const int MaxFractionDigits = 6;

    public static DateTimeOffset Truncate(DateTimeOffset instant, int fractionDigits)
    {
        if (fractionDigits is < 0 or > MaxFractionDigits)
        {
            throw new ArgumentOutOfRangeException(nameof(fractionDigits), fractionDigits, "0 to 6 fraction digits");
        }

        long unit = TimeSpan.TicksPerSecond / (long)Math.Pow(10, fractionDigits);
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % unit), TimeSpan.Zero);
    }

    /// <summary>The DER encoding of <paramref name="instant"/> as GeneralizedTime, already truncated by the caller.</summary>
    public static void Write(AsnWriter writer, DateTimeOffset instant)
    {
        // AsnWriter in DER mode writes "YYYYMMDDhhmmss[.f*]Z" and drops trailing zero digits of the fraction.
        writer.WriteGeneralizedTime(instant.ToUniversalTime(), omitFractionalSeconds: false);
    }

    /// <summary>
    /// The fewest fraction digits that support <paramref name="accuracy"/> (EN 319 422 §5.2.2): truncation may cost
    /// at most a tenth of the declared accuracy, so the rest of the budget is left to the clock.
    /// </summary>
    public static int MinimumFractionDigits(Accuracy accuracy)
    {
        for (int digits = 0; digits <= MaxFractionDigits; digits++)
        {
            long resolutionMicros = 1_000_000 / (long)Math.Pow(10, digits);
            if (resolutionMicros * 10 <= accuracy.TotalMicroseconds)
            {
                return digits;
            }
        }

        return MaxFractionDigits;
    }
}

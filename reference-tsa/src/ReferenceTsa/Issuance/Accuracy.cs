using System.Formats.Asn1;
using System.Globalization;

namespace ReferenceTsa.Issuance;

/// <summary>
/// The TSTInfo accuracy (RFC 3161 §2.4.2): seconds, millis (1..999) and micros (1..999), each omitted when zero.
/// EN 319 422 §5.2.2 requires it present and EN 319 421 (BTSP) at most one second.
/// </summary>
public readonly record struct Accuracy(long TotalMicroseconds)
{
    public static readonly Accuracy OneSecond = new(1_000_000);

    public int Seconds => (int)(TotalMicroseconds / 1_000_000);

    public int Millis => (int)(TotalMicroseconds / 1000 % 1000);

    public int Micros => (int)(TotalMicroseconds % 1000);

    public TimeSpan AsTimeSpan => TimeSpan.FromTicks(TotalMicroseconds * 10);

    /// <summary>Parses "1s", "500ms", "250us", "0.5s" (a plain number means seconds).</summary>
    public static bool TryParse(string? text, out Accuracy accuracy)
    {
        accuracy = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string t = text.Trim().ToLowerInvariant();
        (string number, double factor) = t switch
        {
            _ when t.EndsWith("us", StringComparison.Ordinal) => (t[..^2], 1.0),
            _ when t.EndsWith("µs", StringComparison.Ordinal) => (t[..^2], 1.0),
            _ when t.EndsWith("ms", StringComparison.Ordinal) => (t[..^2], 1_000.0),
            _ when t.EndsWith('s') => (t[..^1], 1_000_000.0),
            _ => (t, 1_000_000.0),
        };
        if (!double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || value <= 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return false;
        }

        double micros = value * factor;
        if (micros < 1 || micros > 3600 * 1_000_000.0 || Math.Abs(micros - Math.Round(micros)) > 1e-6)
        {
            return false;
        }

        accuracy = new Accuracy((long)Math.Round(micros));
        return true;
    }

    public void WriteTo(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            if (Seconds > 0)
            {
                writer.WriteInteger(Seconds);
            }

            if (Millis > 0)
            {
                writer.WriteInteger(Millis, new Asn1Tag(TagClass.ContextSpecific, 0));
            }

            if (Micros > 0)
            {
                writer.WriteInteger(Micros, new Asn1Tag(TagClass.ContextSpecific, 1));
            }
        }
    }

    public override string ToString() => TotalMicroseconds switch
    {
        var us when us % 1_000_000 == 0 => $"{us / 1_000_000}s",
        var us when us % 1000 == 0 => $"{us / 1000}ms",
        var us => $"{us}us",
    };
}

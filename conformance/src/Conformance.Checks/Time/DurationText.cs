using System.Globalization;
using System.Text.RegularExpressions;

namespace Conformance.Checks.Time;

/// <summary>Durations on the command line: a number with ms, s, m or h (20ms, 1.5s, 10m, 24h).</summary>
public static partial class DurationText
{
    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$")]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        Match match = Pattern().Match(text ?? "");
        if (!match.Success)
        {
            return false;
        }

        double amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        duration = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromHours(amount),
        };
        return true;
    }
}

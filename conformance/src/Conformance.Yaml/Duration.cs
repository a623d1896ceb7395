using System.Globalization;
using System.Text.RegularExpressions;

namespace Conformance.Yaml;

/// <summary>
/// The one duration grammar of the suite, in target files, disclosure extracts and on the command line: a
/// non-negative whole or decimal number followed by a unit, <c>us</c> (or <c>µs</c>), <c>ms</c>, <c>s</c>, <c>m</c>
/// or <c>h</c> (<c>250us</c>, <c>500ms</c>, <c>1.5s</c>, <c>10m</c>, <c>24h</c>; a space before the unit is allowed).
/// The unit is required: a bare <c>1</c> could mean seconds or milliseconds, and an accuracy off by a factor of
/// 1000 is a wrong verdict, so it is refused. Negative values, exponents and precision finer than one microsecond
/// (the finest unit of an RFC 3161 accuracy) are refused too.
/// </summary>
public static partial class Duration
{
    /// <summary>How the grammar is described in messages.</summary>
    public const string Expected = "a duration: a number and a unit us, ms, s, m or h, such as 250us, 500ms, 1.5s or 2m";

    [GeneratedRegex(@"^(?<amount>\d+(?:\.\d+)?)\s*(?<unit>us|µs|ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^\d+(?:\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BareNumber();

    public static bool TryParse(string? text, out TimeSpan duration) => TryParse(text, out duration, out _);

    /// <summary>
    /// Parses <paramref name="text"/>. On failure <paramref name="problem"/> is the specific reason (no unit, negative,
    /// finer than a microsecond, too long), or empty when the text simply does not follow the grammar.
    /// </summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string problem)
    {
        duration = default;
        string trimmed = (text ?? string.Empty).Trim();
        Match match = Pattern().Match(trimmed);
        if (!match.Success)
        {
            problem = trimmed.StartsWith('-') && Pattern().IsMatch(trimmed[1..]) ? "a duration cannot be negative"
                : BareNumber().IsMatch(trimmed) ? $"the unit is missing, write {trimmed}s or {trimmed}ms (a bare number could be either)"
                : string.Empty;
            return false;
        }

        decimal microsecondsPerUnit = match.Groups["unit"].Value switch
        {
            "us" or "µs" => 1m,
            "ms" => 1_000m,
            "s" => 1_000_000m,
            "m" => 60_000_000m,
            _ => 3_600_000_000m,
        };
        if (!decimal.TryParse(match.Groups["amount"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount)
            || amount > (decimal)TimeSpan.MaxValue.TotalMicroseconds / microsecondsPerUnit)
        {
            problem = "longer than any duration the suite can hold";
            return false;
        }

        decimal microseconds = amount * microsecondsPerUnit;
        if (microseconds != decimal.Truncate(microseconds))
        {
            problem = "finer than one microsecond, the finest unit a time-stamp's accuracy can state";
            return false;
        }

        duration = TimeSpan.FromMicroseconds((long)microseconds);
        problem = string.Empty;
        return true;
    }

    /// <summary>The message for a value of <paramref name="key"/> that failed <see cref="TryParse(string?, out TimeSpan, out string)"/>.</summary>
    public static string Describe(string key, string? text, string problem) =>
        $"'{key}' must be {Expected}, not '{text}'{(problem.Length > 0 ? $": {problem}" : string.Empty)}";
}

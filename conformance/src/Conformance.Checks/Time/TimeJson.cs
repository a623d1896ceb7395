using System.Globalization;
using System.Text.Json;

namespace Conformance.Checks.Time;

/// <summary>Number and instant formats of the time evidence files: milliseconds to the microsecond, ISO-8601 UTC.</summary>
internal static class TimeJson
{
    public static double Milliseconds(TimeSpan value) => Math.Round(value.TotalMilliseconds, 3);

    public static void WriteMilliseconds(Utf8JsonWriter json, string name, TimeSpan? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Milliseconds(v));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}

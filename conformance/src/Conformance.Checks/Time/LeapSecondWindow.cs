using System.Globalization;

namespace Conformance.Checks.Time;

/// <summary>
/// Whether a sampling window spans a scheduled leap second (TSP-TIME-004, EN 319 421 §7.7.2), decided from the IERS list.
/// Either <see cref="LeapInstant"/> is set, or <see cref="Reason"/> says why there is nothing to sample through.
/// </summary>
public sealed record LeapSecondWindow(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, DateTimeOffset? LeapInstant, string? Reason)
{
    /// <summary>How long before and after the leap second the tokens are requested, and how often.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan BurstInterval = TimeSpan.FromMilliseconds(500);

    public static LeapSecondWindow Decide(string listPath, DateTimeOffset start, DateTimeOffset end)
    {
        LeapSecondList list;
        try
        {
            list = LeapSecondList.Load(listPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(start, end, null, $"the IERS leap-second list {listPath} cannot be read ({e.Message}); install tzdata to have it");
        }
        catch (FormatException e)
        {
            return new(start, end, null, $"the IERS leap-second list is not usable: {e.Message}");
        }

        // A leap second whose burst overlaps the window counts: the window is widened by the margin on both sides.
        DateTimeOffset? leap = list.LeapInstants.Cast<DateTimeOffset?>().FirstOrDefault(l => l!.Value + Margin >= start && l.Value - Margin <= end);
        if (leap is not null)
        {
            return new(start, end, leap, null);
        }

        string window = $"the sampling window {Text(start)} to {Text(end)}";
        if (list.Expires is { } expires && expires < end)
        {
            return new(start, end, null,
                $"{list.Path} expired on {Text(expires)}, so whether a leap second falls in {window} is not known (update tzdata); none it lists falls in the window");
        }

        DateTimeOffset? next = list.LeapInstants.Where(l => l > end).Cast<DateTimeOffset?>().FirstOrDefault();
        return new(start, end, null, next is { } n
            ? $"no leap second is scheduled in {window}; the next one ends at {Text(n)}"
            : $"no leap second is scheduled in {window}; none is scheduled before the list ({list.Path}) expires on {(list.Expires is { } x ? Text(x) : "an unstated date")}");
    }

    /// <summary>The instants of the burst around the leap second: every <see cref="BurstInterval"/> within ± <see cref="Margin"/>.</summary>
    public IEnumerable<DateTimeOffset> BurstInstants()
    {
        if (LeapInstant is not { } leap)
        {
            yield break;
        }

        for (DateTimeOffset at = leap - Margin; at <= leap + Margin; at += BurstInterval)
        {
            yield return at;
        }
    }

    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

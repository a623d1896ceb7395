namespace ReferenceTsa.Clock;

/// <summary>
/// Public NTP services whose operators publish that they smear leap seconds (spread the second over about a day
/// instead of inserting 23:59:60). Their time is not UTC around a leap second, so a TSA may not take them as UTC
/// sources. Sources not listed here can still be declared (Tsa:Clock:SmearingSources) or be caught by
/// <see cref="SmearDetector"/>.
/// </summary>
public static class KnownSmearingServices
{
    private static readonly (string Host, string Service)[] Hosts =
    [
        ("time.google.com", "Google Public NTP"),
        ("time1.google.com", "Google Public NTP"),
        ("time2.google.com", "Google Public NTP"),
        ("time3.google.com", "Google Public NTP"),
        ("time4.google.com", "Google Public NTP"),
        ("time.aws.com", "the Amazon public NTP service"),
        ("169.254.169.123", "the Amazon Time Sync Service"),
        ("fd00:ec2::123", "the Amazon Time Sync Service"),
        ("time.facebook.com", "Meta's public NTP service"),
        ("time1.facebook.com", "Meta's public NTP service"),
        ("time2.facebook.com", "Meta's public NTP service"),
        ("time3.facebook.com", "Meta's public NTP service"),
        ("time4.facebook.com", "Meta's public NTP service"),
        ("time5.facebook.com", "Meta's public NTP service"),
    ];

    /// <summary>The smearing service a configured source ("host", "host:port", "[v6]:port") names, or null.</summary>
    public static string? Smears(string source)
    {
        string host = source.Trim();
        if (host.StartsWith('['))
        {
            int end = host.IndexOf(']');
            host = host[1..(end > 0 ? end : host.Length)];
        }
        else if (host.Count(c => c == ':') == 1)
        {
            host = host[..host.IndexOf(':')];
        }

        host = host.TrimEnd('.');
        return Hosts.FirstOrDefault(h => string.Equals(h.Host, host, StringComparison.OrdinalIgnoreCase)).Service;
    }
}

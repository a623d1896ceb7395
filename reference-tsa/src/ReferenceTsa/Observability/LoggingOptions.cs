using ReferenceTsa.Configuration;

namespace ReferenceTsa.Observability;

/// <summary>How the TSA logs (Tsa:Logging): console format, and one access-log line per request.</summary>
public sealed class LoggingOptions
{
    public const string SimpleFormat = "simple";
    public const string JsonFormat = "json";

    /// <summary>"simple" (one human-readable line per event, the default) or "json" (one JSON object per line, for a log collector).</summary>
    public string Format { get; set; } = SimpleFormat;

    /// <summary>One line per time-stamp request (category ReferenceTsa.Access): client, endpoint, HTTP status, PKIStatus, failInfo, serial, duration.</summary>
    public bool AccessLog { get; set; } = true;

    /// <summary>Checks the section; adds a problem naming the setting for anything wrong.</summary>
    public static LoggingOptions Validate(LoggingOptions options, List<ConfigurationProblem> problems)
    {
        string format = (options.Format ?? "").Trim().ToLowerInvariant();
        if (format is not (SimpleFormat or JsonFormat))
        {
            problems.Add(new("Tsa:Logging:Format", $"'{options.Format}' is not '{SimpleFormat}' or '{JsonFormat}'"));
        }

        return new LoggingOptions { Format = format, AccessLog = options.AccessLog };
    }
}

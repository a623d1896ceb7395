using ReferenceTsa.Configuration;
using ReferenceTsa.Issuance;

namespace ReferenceTsa.Clock;

/// <summary>
/// Checks the Tsa:Clock section (time sources, gate thresholds, leap seconds and smearing) and turns it into
/// <see cref="ClockSettings"/>; every problem names its setting, as <see cref="ConfigurationProblem"/> does.
/// </summary>
public static class ClockSettingsValidation
{
    private const string Prefix = "Tsa:Clock";

    /// <summary>
    /// EN 319 421 TIS-7.7.1-07 / TIS-7.7.2: issuance needs UTC sources that show the clock is within the declared
    /// accuracy. The strictest endpoint accuracy minus the safety margin is the gate's threshold. An unmonitored clock
    /// is a development set-up only. Returns null (with problems added) when the section cannot be used.
    /// </summary>
    public static ClockSettings? Validate(ClockOptions clock, IReadOnlyList<IssuancePolicy> endpoints, bool development,
        List<ConfigurationProblem> problems)
    {
        var settings = ValidateMonitoring(clock, endpoints, problems);
        if (clock.AllowUnmonitoredClock && !development)
        {
            problems.Add(new($"{Prefix}:AllowUnmonitoredClock",
                "is refused in production mode (Tsa:Mode unset or production): a TSA must show its clock is within the declared accuracy of "
                + "UTC (EN 319 421 TIS-7.7.1); configure Tsa:Clock:Sources, or set Tsa:Mode: development for a test set-up"));
        }

        return settings;
    }

    private static ClockSettings? ValidateMonitoring(ClockOptions clock, IReadOnlyList<IssuancePolicy> endpoints,
        List<ConfigurationProblem> problems)
    {
        if (clock.Sources.Count == 0)
        {
            if (clock.AllowUnmonitoredClock)
            {
                return ClockSettings.Unmonitored;
            }

            problems.Add(new($"{Prefix}:Sources",
                "no NTP time source is configured; the TSA cannot show its clock is within the declared accuracy "
                + "(EN 319 421 TIS-7.7.1). Configure sources, or set Tsa:Clock:AllowUnmonitoredClock for development"));
            return null;
        }

        int before = problems.Count;
        var poll = Duration(nameof(clock.PollInterval), clock.PollInterval, problems);
        var timeout = Duration(nameof(clock.QueryTimeout), clock.QueryTimeout, problems);
        var maxAge = Duration(nameof(clock.MaxSampleAge), clock.MaxSampleAge, problems);
        var margin = Duration(nameof(clock.SafetyMargin), clock.SafetyMargin, problems);
        var disagreement = Duration(nameof(clock.MaxDisagreement), clock.MaxDisagreement, problems);
        CheckPolling(clock, poll, maxAge, problems);
        ValidateSources(clock, problems);
        if (clock.SmearDriftPpm is <= 0 or > 1000)
        {
            problems.Add(new($"{Prefix}:SmearDriftPpm", $"{clock.SmearDriftPpm} is outside (0, 1000] ppm"));
        }

        var observation = Duration(nameof(clock.SmearObservation), clock.SmearObservation, problems);
        var leap = LeapSecondSettings.Validate(clock.LeapSeconds, problems);
        if (endpoints.Count == 0 || problems.Count > before)
        {
            return null;
        }

        var strictest = endpoints.Min(e => e.Accuracy.AsTimeSpan);
        var threshold = strictest - margin;
        if (threshold <= TimeSpan.Zero)
        {
            problems.Add(new($"{Prefix}:SafetyMargin", $"{clock.SafetyMargin} leaves nothing of the strictest declared accuracy ({strictest.TotalMilliseconds:0.###} ms)"));
            return null;
        }

        return new ClockSettings(true, clock.Sources, clock.MinimumSources, poll, timeout, maxAge, threshold, disagreement, clock.ReopenAfterGoodPolls)
        {
            LeapSecondPolicy = leap.Policy,
            LeapSecondList = leap.List,
            LeapSecondWindow = leap.Window,
            SmearingSources = clock.SmearingSources,
            SmearDriftPpm = clock.SmearDriftPpm,
            SmearObservation = observation,
        };
    }

    /// <summary>A Tsa:Clock duration ("1s", "500ms", "100us"); a problem naming the setting and zero when it is not one.</summary>
    internal static TimeSpan Duration(string name, string? text, List<ConfigurationProblem> problems)
    {
        if (Accuracy.TryParse(text, out var value))
        {
            return value.AsTimeSpan;
        }

        problems.Add(new($"{Prefix}:{name}", $"'{text}' is not a duration such as 1s, 500ms or 100us"));
        return TimeSpan.Zero;
    }

    private static void CheckPolling(ClockOptions clock, TimeSpan poll, TimeSpan maxAge, List<ConfigurationProblem> problems)
    {
        if (clock.MinimumSources < 1 || clock.MinimumSources > clock.Sources.Count)
        {
            problems.Add(new($"{Prefix}:MinimumSources", $"{clock.MinimumSources} is not between 1 and the {clock.Sources.Count} configured sources"));
        }

        if (clock.ReopenAfterGoodPolls < 1)
        {
            problems.Add(new($"{Prefix}:ReopenAfterGoodPolls", "must be at least 1"));
        }

        if (maxAge > TimeSpan.Zero && poll >= maxAge)
        {
            problems.Add(new($"{Prefix}:MaxSampleAge", $"{clock.MaxSampleAge} must be longer than the poll interval {clock.PollInterval}"));
        }
    }

    /// <summary>
    /// Time-source entries (NTP or chrony); public leap-smearing services are refused: their time is not UTC around a
    /// leap second (EN 319 421 TIS-7.7.1).
    /// </summary>
    private static void ValidateSources(ClockOptions clock, List<ConfigurationProblem> problems)
    {
        for (int i = 0; i < clock.Sources.Count; i++)
        {
            string source = clock.Sources[i];
            if (ChronyTracking.IsChronySource(source))
            {
                if (!ChronyTracking.TryParseSource(source, out _, out string? problem))
                {
                    problems.Add(new($"{Prefix}:Sources:{i}", problem!));
                }
                else if (!File.Exists(ChronyTracking.ChronycBinary))
                {
                    problems.Add(new($"{Prefix}:Sources:{i}", $"'{source}' needs {ChronyTracking.ChronycBinary} (apt-get install chrony)"));
                }
            }
            else if (KnownSmearingServices.Smears(source) is { } service)
            {
                problems.Add(new($"{Prefix}:Sources:{i}", $"'{source}' is {service}, which smears leap seconds: its time is not UTC "
                    + "in the hours around a leap second (EN 319 421 TIS-7.7.1); use non-smearing UTC sources"));
            }
        }
    }
}

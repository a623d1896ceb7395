using ReferenceTsa.Configuration;

namespace ReferenceTsa.Clock;

/// <summary>The validated Tsa:Clock:LeapSeconds section: the policy, its verified IERS list and the window around a leap second.</summary>
public sealed record LeapSecondSettings(LeapSecondPolicy Policy, LeapSecondList? List, TimeSpan Window)
{
    private const string Prefix = "Tsa:Clock:LeapSeconds";

    /// <summary>Checks the section; a policy other than none needs a readable, verified IERS list.</summary>
    public static LeapSecondSettings Validate(LeapSecondOptions options, List<ConfigurationProblem> problems)
    {
        var window = ClockSettingsValidation.Duration("LeapSeconds:Window", options.Window, problems);
        if (window > TimeSpan.FromHours(1))
        {
            problems.Add(new($"{Prefix}:Window", $"{options.Window} is longer than an hour"));
        }

        if (!Enum.TryParse<LeapSecondPolicy>(options.Policy, ignoreCase: true, out var policy)
            || !Enum.IsDefined(policy) || char.IsDigit(options.Policy.FirstOrDefault()))
        {
            problems.Add(new($"{Prefix}:Policy", $"'{options.Policy}' is not none, pause or stop"));
            return new(LeapSecondPolicy.None, null, window);
        }

        if (policy == LeapSecondPolicy.None)
        {
            return new(policy, null, window);
        }

        if (!File.Exists(options.List))
        {
            problems.Add(new($"{Prefix}:List", $"{options.List} does not exist; install tzdata (it ships "
                + "/usr/share/zoneinfo/leap-seconds.list), name the IERS list's path, or set Tsa:Clock:LeapSeconds:Policy to none"));
            return new(policy, null, window);
        }

        if (!LeapSecondList.TryLoad(options.List, out var list, out string? listProblem))
        {
            problems.Add(new($"{Prefix}:List", listProblem!));
        }

        return new(policy, list, window);
    }
}

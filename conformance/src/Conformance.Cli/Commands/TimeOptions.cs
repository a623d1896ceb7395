using System.CommandLine;
using Conformance.Checks.History;
using Conformance.Checks.Time;
using Conformance.Steps.Context;

namespace Conformance.Cli.Commands;

/// <summary>
/// Options of <c>run</c> for the time-accuracy checks (TSP-TIME-*) and the serial history (TSP-TST-004 across runs).
/// Command-line values override the target file's clock: settings.
/// </summary>
internal sealed class TimeOptions
{
    public Option<string?> Ntp { get; } = new("--ntp")
    {
        Description = "NTP server (HOST[:PORT]) the local clock is measured against; its uncertainty ε widens the TSP-TIME-001 window",
    };

    public Option<string?> ClockUncertainty { get; } = new("--clock-uncertainty")
    {
        Description = "Declared bound on the local clock's error against UTC (e.g. 20ms); added to the measured one with --ntp",
    };

    public Option<int?> Samples { get; } = new("--samples")
    {
        Description = $"Tokens per endpoint for the time-accuracy checks (default {TimeSamplingPlan.DefaultSamples})",
    };

    public Option<string?> Spread { get; } = new("--spread")
    {
        Description = "Spread the time samples evenly over this period (e.g. 10m, 24h); default: one after another",
    };

    public Option<string?> History { get; } = new("--history")
    {
        Description = $"Folder of the serial-number history kept across runs (default {SerialHistory.DefaultDirectory})",
    };

    public Option<bool> NoHistory { get; } = new("--no-history")
    {
        Description = "Do not read or extend the serial-number history (the across-runs check is then not applicable)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Ntp);
        command.Options.Add(ClockUncertainty);
        command.Options.Add(Samples);
        command.Options.Add(Spread);
        command.Options.Add(History);
        command.Options.Add(NoHistory);
    }

    /// <summary>Applies the options to the target; false (with a message naming the option) on a bad value.</summary>
    public bool TryApply(ParseResult parse, TargetDefinition target, TextWriter output, TextWriter error, out TargetDefinition applied)
    {
        applied = target;
        ClockReferenceSettings clock = target.Clock;
        if (parse.GetValue(Ntp) is { } ntpText)
        {
            if (!NtpServerAddress.TryParse(ntpText, out NtpServerAddress? ntp, out string? problem))
            {
                error.WriteLine($"--ntp: {problem}");
                return false;
            }

            clock = new ClockReferenceSettings { NtpServer = ntp, DeclaredUncertainty = clock.DeclaredUncertainty };
        }

        if (parse.GetValue(ClockUncertainty) is { } uncertaintyText)
        {
            if (!Conformance.Yaml.Duration.TryParse(uncertaintyText, out TimeSpan uncertainty))
            {
                error.WriteLine($"--clock-uncertainty is a duration such as 20ms or 0.5s, not '{uncertaintyText}'");
                return false;
            }

            clock = clock with { DeclaredUncertainty = uncertainty, SameHostClock = false };
        }

        TimeSamplingPlan plan = target.TimeSampling with { Progress = line => output.WriteLine(line) };
        if (parse.GetValue(Samples) is { } samples)
        {
            if (samples < 1)
            {
                error.WriteLine($"--samples must be at least 1, not {samples}");
                return false;
            }

            plan = plan with { Samples = samples };
        }

        if (parse.GetValue(Spread) is { } spreadText)
        {
            if (!Conformance.Yaml.Duration.TryParse(spreadText, out TimeSpan spread))
            {
                error.WriteLine($"--spread is a duration such as 10m or 24h, not '{spreadText}'");
                return false;
            }

            plan = plan with { Spread = spread };
        }

        string? history = parse.GetValue(History);
        if (history is not null && parse.GetValue(NoHistory))
        {
            error.WriteLine("--history and --no-history contradict each other; give one");
            return false;
        }

        applied = target with
        {
            Clock = clock,
            TimeSampling = plan,
            SerialHistoryDirectory = parse.GetValue(NoHistory) ? null : Path.GetFullPath(history ?? SerialHistory.DefaultDirectory),
        };
        return true;
    }
}

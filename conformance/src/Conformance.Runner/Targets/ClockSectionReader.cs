using Conformance.Checks.Time;
using Conformance.Yaml;

namespace Conformance.Runner.Targets;

/// <summary>clock: of a target file: how the suite's clock is tied to UTC for the time checks (ntp, uncertainty).</summary>
internal static class ClockSectionReader
{
    public static ClockReferenceSettings Read(YamlFields clock)
    {
        NtpServerAddress? ntp = null;
        if (clock.Value("ntp") is { } ntpValue && !NtpServerAddress.TryParse(ntpValue.Text, out ntp, out string? ntpError))
        {
            clock.Error(ntpValue.Line, $"clock.ntp: {ntpError}");
        }

        var settings = new ClockReferenceSettings { NtpServer = ntp, DeclaredUncertainty = clock.OptionalDuration("uncertainty") };
        clock.RejectUnknown("clock");
        return settings;
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Reports;

/// <summary>
/// Where the report was produced: OS, .NET, and the clock the local midpoints were read from. The clock's uncertainty
/// comes from chrony when it runs here (its estimate of the system clock's offset and root dispersion); otherwise the
/// report says it is not known, and only half the round trip is shown as the local bound.
/// </summary>
public sealed record RunEnvironment(string Host, string OperatingSystem, string Runtime, string ClockReference, string ClockUncertainty)
{
    public static RunEnvironment Capture()
    {
        (string reference, string uncertainty) = Chrony() ?? ("local system clock (no NTP status available)", "not measured: the chart's error bars show only half the round trip");
        return new RunEnvironment(Environment.MachineName, RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture,
            RuntimeInformation.FrameworkDescription, reference, uncertainty);
    }

    private static (string, string)? Chrony()
    {
        try
        {
            var start = new ProcessStartInfo("chronyc", "-n tracking") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using Process? p = Process.Start(start);
            if (p is null || !p.WaitForExit(2000) || p.ExitCode != 0)
            {
                return null;
            }

            var lines = p.StandardOutput.ReadToEnd().Split('\n')
                .Select(l => l.Split(':', 2)).Where(a => a.Length == 2).ToDictionary(a => a[0].Trim(), a => a[1].Trim());
            return ($"chrony, reference {lines.GetValueOrDefault("Reference ID", "?")} (stratum {lines.GetValueOrDefault("Stratum", "?")})",
                $"system time {lines.GetValueOrDefault("System time", "?")}; root dispersion {lines.GetValueOrDefault("Root dispersion", "?")}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

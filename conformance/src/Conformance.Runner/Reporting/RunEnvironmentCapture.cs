using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Conformance.Runner.Results;

namespace Conformance.Runner.Reporting;

/// <summary>
/// Captures the <see cref="RunEnvironment"/> of a run in its output folder: this machine's OS, .NET, host name, the tool
/// version, chrony's view of the local clock, and the clock reference the time-accuracy checks recorded in
/// evidence/time/clock-reference.json.
/// </summary>
public static class RunEnvironmentCapture
{
    public const string ClockReferenceFile = "evidence/time/clock-reference.json";

    public static RunEnvironment Capture(string outputDirectory, string toolVersion) => new()
    {
        CapturedAt = DateTimeOffset.UtcNow,
        Host = Environment.MachineName,
        OperatingSystem = $"{RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}",
        Runtime = RuntimeInformation.FrameworkDescription,
        ToolVersion = toolVersion,
        LocalClock = ChronyTracking(),
        ClockReference = ReadClockReference(outputDirectory),
    };

    /// <summary>The reference recorded by the time checks; "none declared" when they wrote none; a note when the file is unreadable.</summary>
    public static ClockReference ReadClockReference(string outputDirectory)
    {
        string path = Path.Combine(outputDirectory, ClockReferenceFile);
        if (!File.Exists(path))
        {
            return new ClockReference { Reference = ClockReference.NoneDeclared };
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("reference", out JsonElement reference) || reference.ValueKind != JsonValueKind.String)
            {
                return Unreadable(path, "no \"reference\" string at the top level");
            }

            return new ClockReference
            {
                Reference = reference.GetString()!,
                UncertaintyMs = Number(root, "uncertaintyMs"),
                OffsetMs = Number(root, "offsetMs"),
                MeasuredAtUtc = root.TryGetProperty("measuredAtUtc", out JsonElement at) && at.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) ? t : null,
                Server = root.TryGetProperty("server", out JsonElement server) && server.ValueKind == JsonValueKind.Object ? server.Clone() : null,
                Source = ClockReferenceFile,
            };
        }
        catch (JsonException e)
        {
            return Unreadable(path, $"line {(e.LineNumber ?? 0) + 1}: {e.Message}");
        }
    }

    private static ClockReference Unreadable(string path, string why) => new()
    {
        Reference = ClockReference.NoneDeclared,
        Source = ClockReferenceFile,
        Note = $"{path}: unreadable, so no clock reference is declared: {why}",
    };

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    /// <summary>"chrony, reference ID (stratum n); system time ...; root dispersion ..." or null when chronyc does not answer.</summary>
    private static string? ChronyTracking()
    {
        try
        {
            var start = new ProcessStartInfo("chronyc", "-n tracking") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using Process? process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            Task<string> read = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(2000))
            {
                process.Kill();
                return null;
            }

            if (process.ExitCode != 0)
            {
                return null;
            }

            var fields = read.Result.Split('\n').Select(l => l.Split(':', 2)).Where(a => a.Length == 2)
                .GroupBy(a => a[0].Trim()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
            return $"chrony, reference {fields.GetValueOrDefault("Reference ID", "?")} (stratum {fields.GetValueOrDefault("Stratum", "?")}); "
                + $"system time {fields.GetValueOrDefault("System time", "?")}; root dispersion {fields.GetValueOrDefault("Root dispersion", "?")}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

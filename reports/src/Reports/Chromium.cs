using System.Diagnostics;

namespace Reports;

/// <summary>
/// Headless Chromium (Debian package <c>chromium</c>): print-to-PDF (which applies the report's print stylesheet, A4)
/// and screenshots. A fresh profile folder per call, networking and background services off.
/// </summary>
public static class Chromium
{
    public const string AptPackage = "chromium";

    /// <summary>CHROMIUM env var, else /usr/bin/chromium or chromium-browser on PATH.</summary>
    public static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        foreach (string name in new[] { "chromium", "chromium-browser" })
        {
            foreach (string dir in ("/usr/bin:" + Environment.GetEnvironmentVariable("PATH")).Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Runs headless Chromium with <paramref name="action"/> (e.g. --print-to-pdf=FILE) on a local HTML file.</summary>
    public static (int ExitCode, string Output) Run(string chromium, string htmlFile, IEnumerable<string> action, TimeSpan timeout)
    {
        string profile = Directory.CreateTempSubdirectory("tsa-conformance-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
                     }.Concat(action))
            {
                start.ArgumentList.Add(arg);
            }

            start.ArgumentList.Add(new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri);
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"chromium did not finish within {timeout.TotalSeconds:0} s");
            }

            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still hold a lock file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }
}

using System.Diagnostics;

namespace ReferenceTsa.Hsm.Tests.Support;

public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

public static class Tools
{
    public const string SoftHsmModule = "/usr/lib/softhsm/libsofthsm2.so";

    /// <summary>Fails (never skips) when the real token or the independent tools are missing.</summary>
    public static void RequireSoftHsm()
    {
        string[] needed = [SoftHsmModule, "/usr/bin/softhsm2-util", "/usr/bin/pkcs11-tool", "/usr/bin/openssl"];
        var missing = needed.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            Assert.Fail($"missing {string.Join(", ", missing)}: run `apt-get install softhsm2 opensc` (scripts/install-test-dependencies.sh does)");
        }
    }

    public static ToolResult Run(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The reference TSA executable (copied next to the tests by the project reference).</summary>
    public static ToolResult ReferenceTsa(IEnumerable<string> arguments, IDictionary<string, string>? environment = null,
        string? workingDirectory = null) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "ReferenceTsa.dll"), .. arguments], environment, workingDirectory);
}

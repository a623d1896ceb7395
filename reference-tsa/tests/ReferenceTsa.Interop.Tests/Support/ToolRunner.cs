using System.Diagnostics;
using System.Text;

namespace ReferenceTsa.Interop.Tests.Support;

/// <summary>The outcome of one external tool run, with everything needed to diagnose a failure.</summary>
public sealed record ToolResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    public override string ToString() =>
        $"$ {CommandLine}\nexit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";

    /// <summary>Fails unless the tool exited with 0.</summary>
    public ToolResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"the tool failed:\n{this}");
        return this;
    }
}

/// <summary>
/// Runs external client tools with a timeout (the whole process tree is killed when it expires). A missing tool fails
/// the test, naming the Debian package that provides it: interoperability is not optional.
/// </summary>
public static class ToolRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public static async Task<ToolResult> RunAsync(Tool tool, IEnumerable<string> arguments, string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        string executable = Locate(tool);
        arguments = [.. tool.LeadingArguments, .. arguments];
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Stable, English tool output: the assertions look for text.
        startInfo.Environment["LC_ALL"] = "C";
        startInfo.Environment["LANG"] = "C";
        string commandLine = executable + " " + string.Join(' ', startInfo.ArgumentList.Select(Quote));

        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited meanwhile
            }

            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0} s and was killed:\n$ {commandLine}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}");
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        string outText, errText;
        lock (stdout)
        {
            outText = stdout.ToString();
        }

        lock (stderr)
        {
            errText = stderr.ToString();
        }

        return new ToolResult(commandLine, process.ExitCode, outText, errText);
    }

    public static string Locate(Tool tool)
    {
        if (Path.IsPathRooted(tool.Command))
        {
            if (File.Exists(tool.Command))
            {
                return tool.Command;
            }
        }
        else
        {
            foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator,
                         StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(directory, tool.Command);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        Assert.Fail($"{tool.Command} is not installed: install the Debian package {tool.AptPackage} (apt-get install -y {tool.AptPackage}).");
        return null!;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./:=,@+".Contains(c)) ? argument : $"'{argument.Replace("'", "'\\''")}'";
}

/// <summary>An external client and the Debian package that provides it.</summary>
public sealed record Tool(string Command, string AptPackage, IReadOnlyList<string>? Leading = null)
{
    /// <summary>Short-lived JVMs: C1 only and the serial collector roughly halve keytool/jarsigner start-up on 2 cores.</summary>
    private static readonly string[] QuickJvm = ["-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"];

    public IReadOnlyList<string> LeadingArguments => Leading ?? [];

    public static readonly Tool OpenSsl = new("openssl", "openssl");
    public static readonly Tool Jar = new("jar", "openjdk-17-jdk-headless");
    public static readonly Tool Keytool = new("keytool", "openjdk-17-jdk-headless", QuickJvm);
    public static readonly Tool Jarsigner = new("jarsigner", "openjdk-17-jdk-headless", QuickJvm);
    public static readonly Tool OsslSignCode = new("osslsigncode", "osslsigncode");
    public static readonly Tool Dotnet = new("dotnet", "dotnet-sdk-10.0");
    public static readonly Tool Kill = new("kill", "procps");

    /// <summary>Debian's own interpreter: the python3 first on PATH may be a pyenv build that does not see Debian packages.</summary>
    public static readonly Tool DebianPython = new("/usr/bin/python3", "python3-rfc3161ng");
}

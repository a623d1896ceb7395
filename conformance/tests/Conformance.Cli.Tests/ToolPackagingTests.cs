using System.Diagnostics;

namespace Conformance.Cli.Tests;

/// <summary>
/// tsa-conformance as a .NET tool, as docs/ci.md installs it: dotnet pack, dotnet tool install from the local package
/// folder (a NuGet configuration with only that folder, so nothing comes from elsewhere), then the installed command
/// from a folder with no checkout above it: --help lists the exit codes, and the main job runs with the catalogue
/// shipped in the package.
/// </summary>
public sealed class ToolPackagingTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("tsa-conformance-tool-").FullName;

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public void The_packed_tool_installs_and_runs_the_main_job_outside_the_repository()
    {
        string project = Path.Combine(RepositoryRoot(), "conformance", "src", "Conformance.Cli", "Conformance.Cli.csproj");
        string packages = Path.Combine(_temp, "nupkg");
        string tools = Path.Combine(_temp, "tools");
        File.WriteAllText(Path.Combine(_temp, "nuget.config"),
            $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><clear /><add key=\"local\" value=\"{packages}\" /></packageSources></configuration>\n");

        // The test project built the tool already; pack what was built.
        var (packed, packOutput) = Run("dotnet", ["pack", project, "--no-build", "-c", Configuration, "-o", packages], TimeSpan.FromMinutes(5));
        Assert.True(packed == 0, packOutput);
        Assert.Single(Directory.GetFiles(packages, "tsa-conformance.*.nupkg"));

        var (installed, installOutput) = Run("dotnet",
            ["tool", "install", "--tool-path", tools, "--configfile", Path.Combine(_temp, "nuget.config"), "tsa-conformance"], TimeSpan.FromMinutes(5));
        Assert.True(installed == 0, installOutput);
        string command = Path.Combine(tools, "tsa-conformance");
        Assert.True(File.Exists(command), $"no {command} after install:\n{installOutput}");

        var (help, helpOutput) = Run(command, ["run", "--help"], TimeSpan.FromMinutes(1));
        Assert.Equal(0, help);
        Assert.Contains("Exit codes: 0 conformant", helpOutput);

        string run = Path.Combine(_temp, "run");
        var (exit, output) = Run(command, ["run", "--target", "reference", "--no-pdf", "--quiet", "--out", run], TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, output);
        Assert.Contains("Verdict: CONFORMANT", output);
        Assert.True(File.Exists(Path.Combine(run, "findings.sarif")));
        Assert.Contains("\"profile\": \"eu-qualified\"", File.ReadAllText(Path.Combine(run, "report.json")));
    }

    private (int Exit, string Output) Run(string file, IReadOnlyList<string> arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _temp,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REQNROLL_TELEMETRY_ENABLED"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', arguments)} did not finish within {limit}");
        }

        return (process.ExitCode, $"{file} {string.Join(' ', arguments)}\n{stdout.Result}\n{stderr.Result}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Conformance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Conformance.sln above {AppContext.BaseDirectory}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

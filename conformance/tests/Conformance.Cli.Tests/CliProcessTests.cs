using System.Diagnostics;
using Conformance.Catalogue.Tests;

namespace Conformance.Cli.Tests;

/// <summary>The built tsa-conformance executable, started as a process: Program.cs wiring and real exit codes.</summary>
public sealed class CliProcessTests
{
    private static (int Exit, string Out, string Err) RunTool(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tsa-conformance.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "tsa-conformance did not finish within 60 s");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Coverage_verb_of_the_built_tool_prints_the_table_and_exits_0()
    {
        var (exit, output, error) = RunTool("catalogue", "coverage", "--spec", RepositoryPaths.Spec);
        Assert.True(exit == 0, error);
        Assert.Contains("EN319421", output);
        Assert.Contains("uncovered", output);
    }

    [Fact]
    public void Built_tool_exits_2_with_file_and_line_on_an_invalid_catalogue()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements + "\n    effective_from: 2025-13-01\n");
        var (exit, _, error) = RunTool("catalogue", "list", "--spec", spec.Spec);
        Assert.Equal(2, exit);
        Assert.Contains("spec/requirements/rfc3161.yaml:20: 'effective_from' must be a date written as YYYY-MM-DD, not '2025-13-01'", error);
    }

    [Fact]
    public void Built_tool_exits_64_on_a_usage_error()
    {
        var (exit, _, error) = RunTool("catalogue", "list", "--kind");
        Assert.Equal(64, exit);
        Assert.NotEmpty(error);
    }
}

using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Cli.Tests;

/// <summary><c>report DIR</c> over an inspection: report.json read file by file (never whole), every file's scenarios printed.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void Re_rendering_an_inspection_prints_every_files_scenarios_and_a_broken_file_entry_is_a_usage_error_naming_its_line()
    {
        Assert.SkipWhen(RealTokens.Directory is null, "real-token corpus not found (shared/corpus/real-tokens); set TSA_REAL_TOKENS");
        string folder = _temp.Combine("archive");
        Directory.CreateDirectory(folder);
        foreach (string name in new[] { "sigstore-tsa-2025_ecdsa.tsr", "bosa-be-timestamp-unit-202301-2025_ecdsa.tst" })
        {
            File.Copy(RealTokens.PathOf(name), Path.Combine(folder, name));
        }

        string output = _temp.Combine("out");
        var (inspected, _, inspectError) = Cli.Invoke("inspect", "--no-pdf", "--quiet", "--out", output, folder);
        Assert.True(inspected is ExitCodes.Ok or ExitCodes.NonConformant, inspectError);
        string reportJson = Path.Combine(output, "report.json");
        string[] json = File.ReadAllLines(reportJson);
        int scenarios;
        using (var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(reportJson)))
        {
            scenarios = document.RootElement.GetProperty("inputs").EnumerateArray().Sum(i => i.GetProperty("scenarios").GetArrayLength());
        }


        var (exit, text, error) = Cli.Invoke("report", output, "--no-pdf", "--quiet");

        Assert.Equal(inspected, exit);
        Assert.StartsWith("inspect of 2 stored token(s) on ", text, StringComparison.Ordinal);
        Assert.True(scenarios > 20, $"{scenarios} scenario statuses found in report.json");
        Assert.Equal(scenarios, text.Split('\n').Count(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains(": ", StringComparison.Ordinal)));
        Assert.Empty(error);

        // A wrong type inside the second file's entry: found while that file is read, reported with its line.
        int line = Array.FindLastIndex(json, l => l.TrimStart().StartsWith("\"durationMs\": ", StringComparison.Ordinal));
        json[line] = json[line][..json[line].IndexOf('"', StringComparison.Ordinal)] + "\"durationMs\": \"slow\"" + (json[line].TrimEnd().EndsWith(',') ? "," : "");
        File.WriteAllLines(reportJson, json);

        (exit, _, error) = Cli.Invoke("report", output, "--no-pdf", "--quiet");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"report.json:{line + 1}: not a tsa-conformance report", error);
    }

    public void Dispose() => _temp.Dispose();
}

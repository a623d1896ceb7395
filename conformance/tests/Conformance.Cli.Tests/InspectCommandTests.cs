using System.Text.Json;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Cli.Tests;

/// <summary>inspect for archives: usage errors before any work, folders, the per-file table, findings naming files, --data.</summary>
public sealed class InspectCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void A_missing_input_is_a_usage_error_before_anything_runs()
    {
        var (exit, output, error) = Cli.Invoke("inspect", "--out", _temp.Combine("out"), "/nonexistent.tst");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("/nonexistent.tst: cannot read the input: no such file", error);
        Assert.DoesNotContain("Inspecting", output);
        Assert.False(Directory.Exists(_temp.Combine("out")));
    }

    [Fact]
    public void An_unreadable_data_file_is_a_usage_error()
    {
        string token = _temp.Combine("token.tst");
        File.WriteAllBytes(token, [0x30, 0x00]);

        var (exit, _, error) = Cli.Invoke("inspect", "--data", _temp.Combine("absent.bin"), token);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("absent.bin: cannot read the --data: no such file", error);
    }

    [Fact]
    public void A_folder_of_real_tokens_gives_one_table_row_per_file_and_findings_that_name_their_files()
    {
        Assert.SkipWhen(RealTokens.Directory is null, "real-token corpus not found (shared/corpus/real-tokens); set TSA_REAL_TOKENS");
        string folder = _temp.Combine("archive");
        Directory.CreateDirectory(folder);
        string[] names = ["symantec-sha256-ts-signer-g3-2018.tsr", "bosa-be-timestamp-unit-202301-2025_ecdsa.tst", "sigstore-tsa-2025_ecdsa.tsr"];
        foreach (string name in names)
        {
            File.Copy(RealTokens.PathOf(name), Path.Combine(folder, name));
        }

        var (exit, output, error) = Cli.Invoke("inspect", "--no-pdf", "--out", _temp.Combine("out"), folder);

        Assert.True(exit is ExitCodes.Ok or ExitCodes.NonConformant, $"exit {exit}\n{output}\n{error}");
        string[] lines = output.Split('\n');
        // Progress: one line per file, numbered against the number of files.
        Assert.Equal(3, lines.Count(l => l.StartsWith("[", StringComparison.Ordinal) && l.Contains("/3] ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("[3/3] ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("[4/", StringComparison.Ordinal));
        // The table: a header and one row per file with the TSU and the qualified claim.
        Assert.Contains(lines, l => l.StartsWith("FILE", StringComparison.Ordinal) && l.Contains("GENTIME", StringComparison.Ordinal) && l.Contains("QC", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("bosa-be-timestamp-unit-2023", StringComparison.Ordinal) && l.Contains(" yes ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("sigstore-tsa-2025_ecdsa.tsr", StringComparison.Ordinal) && l.Contains("sigstore-tsa", StringComparison.Ordinal) && l.Contains(" no ", StringComparison.Ordinal));
        // Every finding names the file it was found in (sigstore's certificate has no countryName).
        Assert.Contains(lines, l => l.Contains("TSP-CERT-006", StringComparison.Ordinal) && l.Contains("[sigstore-tsa-2025_ecdsa.tsr]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("TSP-TST-008", StringComparison.Ordinal) && l.Contains("[symantec-sha256-ts-signer-g3-2018.tsr]", StringComparison.Ordinal));

        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(_temp.Combine("out", "report.json")));
        Assert.Equal("etsi", report.RootElement.GetProperty("profile").GetString());
        JsonElement bosa = report.RootElement.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("file").GetString()!.EndsWith("bosa-be-timestamp-unit-202301-2025_ecdsa.tst", StringComparison.Ordinal));
        Assert.True(bosa.GetProperty("token").GetProperty("qualifiedClaim").GetBoolean());
        Assert.StartsWith("2025-", bosa.GetProperty("token").GetProperty("genTime").GetString());
    }

    [Fact]
    public void A_folder_skips_files_that_are_plainly_not_time_stamps_but_judges_damaged_tokens()
    {
        string folder = _temp.Combine("archive");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "README.md"), "# Tokens of 2024\n\nKept for the audit: see the register.\n");
        File.WriteAllText(Path.Combine(folder, "contract.data"), "<?xml version=\"1.0\"?><doc>the stamped data</doc>\n");
        File.WriteAllBytes(Path.Combine(folder, "blob.bin"), [0x00, 0x01, 0x02]);
        File.WriteAllBytes(Path.Combine(folder, "truncated.bin"), [0x30, 0x82, 0x01, 0x00, 0x06]); // a damaged token: judged
        File.WriteAllBytes(Path.Combine(folder, "empty.tst"), []); // a token by its name: judged even when empty

        var (exit, output, error) = Cli.Invoke("inspect", "--no-pdf", "--out", _temp.Combine("out"), folder);

        Assert.Contains("README.md: skipped, not a time-stamp (text", error);
        Assert.Contains("contract.data: skipped, not a time-stamp (text", error);
        Assert.Contains("blob.bin: skipped, not a time-stamp (binary data starting with byte 0x00", error);
        Assert.DoesNotContain("truncated.bin: skipped", error);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(_temp.Combine("out", "report.json")));
        string[] judged = [.. report.RootElement.GetProperty("inputs").EnumerateArray().Select(i => Path.GetFileName(i.GetProperty("file").GetString()!)).Order(StringComparer.Ordinal)];
        Assert.Equal(["empty.tst", "truncated.bin"], judged);
        Assert.NotEqual(ExitCodes.Ok, exit); // two undecodable tokens cannot pass
        Assert.DoesNotContain("[3/", output);
    }

    [Fact]
    public void A_folder_with_nothing_but_non_time_stamps_is_a_usage_error()
    {
        string folder = _temp.Combine("notes");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "README.md"), "nothing to inspect here\n");

        var (exit, _, error) = Cli.Invoke("inspect", "--no-pdf", "--out", _temp.Combine("out"), folder);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("the folder holds no file to inspect", error);
    }

    [Fact]
    public void Data_checks_the_imprint_against_the_file_the_token_is_for()
    {
        Assert.SkipWhen(RealTokens.Directory is null, "real-token corpus not found (shared/corpus/real-tokens); set TSA_REAL_TOKENS");
        string token = RealTokens.PathOf("sk-timestamping-unit-2024e-2024_ecdsa.tst");
        string data = RealTokens.PathOf("sk-timestamping-unit-2024e-2024_ecdsa.data");
        string other = _temp.Combine("other.data");
        File.WriteAllBytes(other, [.. File.ReadAllBytes(data), 0x0A]);

        var (_, matching, _) = Cli.Invoke("inspect", "--no-pdf", "--req", "TSP-TST-003", "--data", data, "--out", _temp.Combine("match"), token);
        var (exit, differing, _) = Cli.Invoke("inspect", "--no-pdf", "--req", "TSP-TST-003", "--data", other, "--out", _temp.Combine("differ"), token);

        Assert.DoesNotContain("does not time-stamp", matching);
        using (JsonDocument report = JsonDocument.Parse(File.ReadAllText(_temp.Combine("match", "report.json"))))
        {
            JsonElement imprint = report.RootElement.GetProperty("inputs")[0].GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "data-imprint");
            Assert.Equal("passed", imprint.GetProperty("status").GetString());
        }

        Assert.Equal(ExitCodes.NonConformant, exit);
        Assert.Contains("TSP-TST-003: the token does not time-stamp other.data (expected: ", differing);
        Assert.Contains("[sk-timestamping-unit-2024e-2024_ecdsa.tst]", differing);
    }

    public void Dispose() => _temp.Dispose();
}

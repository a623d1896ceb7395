namespace Reports.Tests;

public sealed class TamperEvidenceTests
{
    private static async Task<string> SealedRun()
    {
        string dir = TestFiles.CopyRun();
        File.WriteAllText(Path.Combine(dir, "summary.md"), "summary\n");
        TamperEvidence.WriteManifest(dir);
        await using var tsa = new TestTsa();
        await TamperEvidence.StampAsync(dir, tsa.Url, TestContext.Current.CancellationToken);
        return dir;
    }

    [Fact]
    public async Task A_sealed_folder_verifies_with_its_token()
    {
        string dir = await SealedRun();
        SealVerification result = TamperEvidence.Verify(dir);
        Assert.True(result.Passed, string.Join("\n", result.Problems));
        Assert.Equal(Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length - 2, result.FilesChecked);
        Assert.NotNull(result.Token);
        Assert.Contains("Reports test TSU", result.Token.Signer);
    }

    [Theory]
    [InlineData("evidence/0009-tsp-tst-001-token.tst")]
    [InlineData("evidence/0006-tsp-req-001-http.txt")]
    [InlineData("evidence/MANIFEST.sha256")]
    [InlineData("report.json")]
    public async Task Changing_one_byte_of_any_sealed_file_fails_verification_naming_it(string file)
    {
        string dir = await SealedRun();
        string path = Path.Combine(dir, file);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        SealVerification result = TamperEvidence.Verify(dir);
        Assert.False(result.Passed);
        Assert.Contains(result.Problems, p => p.StartsWith(file + ": SHA-256 is", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_evidence_file_byte_flip_is_detected()
    {
        string dir = await SealedRun();
        foreach (string path in Directory.GetFiles(Path.Combine(dir, "evidence")))
        {
            byte[] original = File.ReadAllBytes(path);
            byte[] changed = (byte[])original.Clone();
            changed[0] ^= 0x80;
            File.WriteAllBytes(path, changed);
            Assert.False(TamperEvidence.Verify(dir).Passed, $"{Path.GetFileName(path)}: a changed byte went unnoticed");
            File.WriteAllBytes(path, original);
        }

        Assert.True(TamperEvidence.Verify(dir).Passed);
    }

    [Fact]
    public async Task A_rewritten_manifest_no_longer_matches_the_token()
    {
        string dir = await SealedRun();
        File.AppendAllText(Path.Combine(dir, "evidence", "forged.tst"), "x");
        string manifest = Path.Combine(dir, TamperEvidence.ManifestName);
        string token = Path.Combine(dir, TamperEvidence.TokenName);
        byte[] kept = File.ReadAllBytes(token);
        TamperEvidence.WriteManifest(dir); // an attacker recomputes the digests ...
        File.WriteAllBytes(token, kept);  // ... but cannot get the old token to cover them

        SealVerification result = TamperEvidence.Verify(dir);
        Assert.Contains(result.Problems, p => p.Contains("imprint does not match", StringComparison.Ordinal));
        Assert.True(File.Exists(manifest));
    }

    [Fact]
    public async Task An_added_file_and_a_missing_token_are_reported()
    {
        string dir = await SealedRun();
        File.WriteAllText(Path.Combine(dir, "evidence", "9999-extra.txt"), "added later");
        File.Delete(Path.Combine(dir, TamperEvidence.TokenName));
        SealVerification result = TamperEvidence.Verify(dir);
        Assert.Contains(result.Problems, p => p == "evidence/9999-extra.txt: not in the manifest (added after sealing)");
        Assert.Contains(result.Problems, p => p.StartsWith(TamperEvidence.TokenName + ": missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stamping_against_an_unreachable_service_names_the_url()
    {
        string dir = TestFiles.CopyRun();
        TamperEvidence.WriteManifest(dir);
        var e = await Assert.ThrowsAsync<SealException>(() => TamperEvidence.StampAsync(dir, new Uri("http://127.0.0.1:9/tsa"), TestContext.Current.CancellationToken));
        Assert.StartsWith("http://127.0.0.1:9/tsa: ", e.Message);
    }
}

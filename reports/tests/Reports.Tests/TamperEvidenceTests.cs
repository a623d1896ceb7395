using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Reports.Tests;

public sealed class TamperEvidenceTests
{
    private static async Task<string> SealedRun() => (await SealedRunWithCa()).Dir;

    [Fact]
    public void A_file_hashed_ahead_and_written_since_is_hashed_again_for_the_manifest()
    {
        string dir = TestFiles.CopyRun();
        string reportJson = Path.Combine(dir, "report.json");
        TamperEvidence.PrehashedFile ahead = TamperEvidence.PrehashedFile.Of(dir, "report.json")!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(reportJson))), ahead.Sha256);

        File.AppendAllText(reportJson, "\n"); // as a rendering failure recorded in report.json would change it
        TamperEvidence.WriteManifest(dir, ahead);

        string line = File.ReadAllLines(Path.Combine(dir, TamperEvidence.ManifestName)).Single(l => l.EndsWith("  report.json", StringComparison.Ordinal));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(reportJson))), line[..64]);
        Assert.NotEqual(ahead.Sha256, line[..64]);
        // Every digest checks; only the time-stamp is missing (this folder is not stamped).
        Assert.Equal([$"{TamperEvidence.TokenName}: missing"], TamperEvidence.Verify(dir).Problems.Select(p => p[..p.IndexOf(": the", StringComparison.Ordinal)]));
    }

    /// <summary>A sealed copy of the fixture run, and the PEM file of the CA that issued the sealing TSU's certificate.</summary>
    private static async Task<(string Dir, string CaPem)> SealedRunWithCa((DateTimeOffset, DateTimeOffset)? tsuValidity = null)
    {
        string dir = TestFiles.CopyRun();
        File.WriteAllText(Path.Combine(dir, "summary.md"), "summary\n");
        TamperEvidence.WriteManifest(dir);
        await using var tsa = new TestTsa(tsuValidity);
        if (tsuValidity is null)
        {
            await TamperEvidence.StampAsync(dir, tsa.Url, TestContext.Current.CancellationToken);
        }
        else
        {
            // The sealing client refuses a token from an expired TSU certificate; get the token as a forger would, past that check.
            byte[] manifest = File.ReadAllBytes(Path.Combine(dir, TamperEvidence.ManifestName));
            var request = Rfc3161TimestampRequest.CreateFromData(manifest, HashAlgorithmName.SHA256, requestSignerCertificates: true);
            using var http = new HttpClient();
            using var content = new ByteArrayContent(request.Encode());
            using HttpResponseMessage response = await http.PostAsync(tsa.Url, content, TestContext.Current.CancellationToken);
            var reader = new AsnReader(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), AsnEncodingRules.DER).ReadSequence();
            reader.ReadSequence(); // PKIStatusInfo
            File.WriteAllBytes(Path.Combine(dir, TamperEvidence.TokenName), reader.ReadEncodedValue().ToArray());
        }

        string pem = Path.Combine(TestFiles.Scratch(), "ca.pem");
        File.WriteAllText(pem, tsa.Ca.ExportCertificatePem());
        return (dir, pem);
    }

    [Fact]
    public async Task With_the_issuing_ca_as_trust_anchor_the_chain_is_validated()
    {
        var (dir, caPem) = await SealedRunWithCa();
        SealVerification result = TamperEvidence.Verify(dir, TrustAnchors.Load([caPem]));
        Assert.True(result.Passed, string.Join("\n", result.Problems));
        Assert.Contains(result.Notes, n => n.StartsWith("the TSU certificate chains to the trust anchor CN=Reports test CA", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Notes, n => n.Contains("NOT validated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_wrong_trust_anchor_verification_fails_naming_the_chain()
    {
        var (dir, _) = await SealedRunWithCa();
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var other = new CertificateRequest("CN=Some other CA", otherKey, HashAlgorithmName.SHA256);
        other.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        using X509Certificate2 wrong = other.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        string pem = Path.Combine(TestFiles.Scratch(), "other.pem");
        File.WriteAllText(pem, wrong.ExportCertificatePem());

        SealVerification result = TamperEvidence.Verify(dir, TrustAnchors.Load([pem]));
        Assert.False(result.Passed);
        Assert.Contains(result.Problems, p => p.StartsWith(TamperEvidence.TokenName + ": the TSU certificate CN=Reports test TSU, O=tsa-conformance tests does not chain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_trust_anchor_the_result_says_the_chain_was_not_validated()
    {
        string dir = await SealedRun();
        SealVerification result = TamperEvidence.Verify(dir);
        Assert.True(result.Passed, string.Join("\n", result.Problems));
        Assert.Contains(result.Notes, n => n.StartsWith("the TSU certificate's chain was NOT validated: no --trust-anchor given", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tsu_certificate_expired_at_gen_time_fails_even_with_the_right_anchor()
    {
        var (dir, caPem) = await SealedRunWithCa((DateTimeOffset.UtcNow.AddDays(-5), DateTimeOffset.UtcNow.AddDays(-2)));
        SealVerification result = TamperEvidence.Verify(dir, TrustAnchors.Load([caPem]));
        Assert.False(result.Passed);
        Assert.Contains(result.Problems, p => p.StartsWith(TamperEvidence.TokenName + ": not a decodable RFC 3161 time-stamp token: genTime ", StringComparison.Ordinal)
            && p.Contains("is outside the TSU certificate's validity", StringComparison.Ordinal));
    }

    [Fact]
    public void A_trust_anchor_file_that_is_not_a_certificate_is_named()
    {
        string file = Path.Combine(TestFiles.Scratch(), "anchor.pem");
        File.WriteAllText(file, "not a certificate");
        var e = Assert.Throws<ReportInputException>(() => TrustAnchors.Load([file]));
        Assert.StartsWith(file + ": not a PEM or DER X.509 certificate", e.Message);
        Assert.Equal("/nonexistent/ca.pem: no such trust anchor file", Assert.Throws<ReportInputException>(() => TrustAnchors.Load(["/nonexistent/ca.pem"])).Message);
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

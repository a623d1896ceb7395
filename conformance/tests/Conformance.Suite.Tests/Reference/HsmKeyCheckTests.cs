using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Hsm;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Transport;
using Conformance.Runner.Results;
using Conformance.Steps.Context;
using Conformance.Targets.Reference;

namespace Conformance.Suite.Tests.Reference;

/// <summary>
/// TSP-REF-004 (EN 319 421 TIS-7.6.3-02) against the reference TSA: passes with its SoftHSM2 keys (and reads what
/// pkcs11-tool reads), fails with software keys, needs attested evidence without PKCS#11 access, and names every
/// attribute of a key that was imported rather than generated on the token.
/// </summary>
public sealed class HsmKeyCheckTests(ReferenceTsaTarget target, ITestOutputHelper output)
{
    private const string Feature = "reference/hsm-key.feature";

    [Fact]
    public async Task The_reference_TSUs_SoftHSM_keys_pass_and_read_as_pkcs11_tool_reads_them()
    {
        Assert.True(target.Keys.InHsm, $"SoftHSM2 is a test dependency (scripts/install-test-dependencies.sh): {target.Keys.Warning}");

        IReadOnlyList<ScenarioResult> results = await WhiteBoxRuns.RunAsync(target, Feature, target.Service, output);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Status == ScenarioStatus.Passed, $"{r.Name}: {r.Status.ToText()} {r.Message}"));
        string evidence = WhiteBoxRuns.EvidenceText(target, results[0], "non-qualified-pkcs11");
        Assert.Contains("CKA_NEVER_EXTRACTABLE = true", evidence);
        Assert.Contains("CKA_EXTRACTABLE = false", evidence);

        // An independent reading of the same token: OpenSC's pkcs11-tool lists each private key's access flags.
        HsmKeyAccess access = target.Service.Declarations.Hsm!;
        string listing = Pkcs11Tool(access, "--list-objects", "--type", "privkey");
        foreach (HsmKeySelector key in new[] { access.NonQualifiedKey!, access.QualifiedKey! })
        {
            string block = PrivateKeyBlock(listing, key.Label!);
            Pkcs11KeyInspection inspection = Pkcs11KeyInspector.Inspect(access, key);
            Assert.Equal(block.Contains("never extractable", StringComparison.Ordinal), inspection.Attribute("CKA_NEVER_EXTRACTABLE")!.Flag);
            Assert.Equal(block.Contains("always sensitive", StringComparison.Ordinal), inspection.Attribute("CKA_ALWAYS_SENSITIVE")!.Flag);
            Assert.Equal(block.Contains(" local", StringComparison.Ordinal), inspection.Attribute("CKA_LOCAL")!.Flag);
            Assert.Equal(block.Contains("extractable", StringComparison.Ordinal) && !block.Contains("never extractable", StringComparison.Ordinal),
                inspection.Attribute("CKA_EXTRACTABLE")!.Flag);
            Assert.Contains(Convert.ToHexStringLower(key.Id!), block.ToLowerInvariant());
        }
    }

    [Fact]
    public async Task A_software_key_fails_TSP_REF_004_and_is_not_skipped()
    {
        await using ReferenceTarget software = await ReferenceTarget.StartAsync(TestContext.Current.CancellationToken, softwareKeys: true);
        Assert.NotNull(software.Warning);
        using var http = new TsaHttpClient(software.Target.Http);
        var service = ServiceUnderTest.Online(new TsaClient(http), software.Target.Url, software.Target.QualifiedUrl, software.Target, TestContext.Current.CancellationToken);

        IReadOnlyList<ScenarioResult> results = await WhiteBoxRuns.RunAsync(target, Feature, service, output);

        Assert.All(results, r =>
        {
            Assert.Equal(ScenarioStatus.Failed, r.Status);
            Assert.Contains("software key", r.Message);
            Assert.Contains("TSP-REF-004", r.Message);
        });
    }

    [Fact]
    public async Task Without_PKCS11_access_TSP_REF_004_needs_attested_evidence_and_withholds_the_verdict()
    {
        var service = WhiteBoxRuns.With(target, d => d with { Hsm = null, SoftwareKeys = null });

        IReadOnlyList<ScenarioResult> results = await WhiteBoxRuns.RunAsync(target, Feature, service, output);

        Assert.All(results, r =>
        {
            Assert.Equal(ScenarioStatus.NeedsEvidence, r.Status);
            Assert.Contains("needs attested evidence", r.Message);
            Assert.Contains("CKA_NEVER_EXTRACTABLE", r.Message);
        });
        (Verdict verdict, string reason) = VerdictRules.Decide(results, []);
        Assert.Equal(Verdict.Incomplete, verdict);
        Assert.Contains("need attested evidence", reason);
    }

    [Fact]
    public void A_key_imported_into_the_token_is_named_with_each_attribute_that_gives_it_away()
    {
        Assert.True(target.Keys.InHsm, $"SoftHSM2 is a test dependency: {target.Keys.Warning}");
        HsmKeyAccess access = target.Service.Declarations.Hsm!;
        byte[] id = RandomNumberGenerator.GetBytes(8);
        string label = "imported-" + Convert.ToHexStringLower(id);
        string keyFile = Path.Combine(Path.GetTempPath(), label + ".der");
        using (RSA rsa = RSA.Create(2048))
        {
            File.WriteAllBytes(keyFile, rsa.ExportPkcs8PrivateKey());
        }

        try
        {
            Pkcs11Tool(access, "--write-object", keyFile, "--type", "privkey", "--usage-sign", "--label", label, "--id", Convert.ToHexStringLower(id));
        }
        finally
        {
            File.Delete(keyFile);
        }

        Pkcs11KeyInspection inspection = Pkcs11KeyInspector.Inspect(access, new HsmKeySelector(label, id));
        var finding = Assert.Throws<RequirementNotMetException>(() => HsmKeyRequirements.KeyIsHeldInTheDevice(inspection));
        output.WriteLine(finding.Message);
        Assert.Contains("CKA_LOCAL = false", finding.Message);
        Assert.Contains("CKA_NEVER_EXTRACTABLE = false", finding.Message);
        Assert.DoesNotContain("CKA_TOKEN", finding.Observed);

        using X509Certificate2 tsuCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(target.DataDirectory, "tsu-nonqualified.cert.pem")));
        var mismatch = Assert.Throws<RequirementNotMetException>(() => HsmKeyRequirements.PublicKeyMatchesCertificate(inspection, tsuCertificate));
        Assert.Contains("is not the key of the TSU certificate", mismatch.Message);
    }

    [Fact]
    public void An_unknown_token_or_key_is_a_clear_message_naming_them()
    {
        Assert.True(target.Keys.InHsm, $"SoftHSM2 is a test dependency: {target.Keys.Warning}");
        HsmKeyAccess access = target.Service.Declarations.Hsm!;

        var unknownKey = Assert.Throws<HsmAccessException>(() => Pkcs11KeyInspector.Inspect(access, new HsmKeySelector("no-such-key", null)));
        Assert.Contains("no private key with label 'no-such-key' on the token", unknownKey.Message);
        Assert.Contains($"token '{access.TokenLabel}'", unknownKey.Message);

        var unknownToken = Assert.Throws<HsmAccessException>(() => Pkcs11KeyInspector.Inspect(access with { TokenLabel = "no-such-token" }, access.NonQualifiedKey!));
        Assert.Contains("no token labelled 'no-such-token'", unknownToken.Message);
        Assert.Contains($"'{access.TokenLabel}'", unknownToken.Message); // the tokens that are there
        Assert.DoesNotContain(access.ReadPin(), unknownKey.Message + unknownToken.Message);
    }

    private static string Pkcs11Tool(HsmKeyAccess access, params string[] arguments)
    {
        var start = new ProcessStartInfo("pkcs11-tool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "--module", access.ModulePath, "--token-label", access.TokenLabel!, "--login", "--pin", access.ReadPin() }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOFTHSM2_CONF"] = access.SoftHsm2Conf;
        using Process process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pkcs11-tool {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr}");
        return stdout;
    }

    private static string PrivateKeyBlock(string listing, string label)
    {
        string[] blocks = listing.Split("Private Key Object", StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(blocks, b => b.Contains($"label:      {label}", StringComparison.Ordinal) || b.Contains($"label:     {label}", StringComparison.Ordinal)
            || System.Text.RegularExpressions.Regex.IsMatch(b, $@"label:\s+{System.Text.RegularExpressions.Regex.Escape(label)}\s"));
    }
}

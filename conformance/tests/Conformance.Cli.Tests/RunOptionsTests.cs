using System.Text;
using System.Text.Json;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Cli.Tests;

/// <summary>Own-TSA flags of run, the default profile and rate limit, and the exit codes in --help.</summary>
public sealed class RunOptionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Theory]
    [InlineData("--rate-limit", "fast")]
    [InlineData("--rate-limit", "-2")]
    [InlineData("--accuracy", "soon")]
    [InlineData("--trust-anchor", "/nonexistent/root.pem")]
    [InlineData("--crl", "/nonexistent/ca.crl")]
    [InlineData("--disclosure", "/nonexistent/disclosure.yaml")]
    [InlineData("--stamp-with", "ftp://tsa.example/")]
    public void A_bad_own_tsa_flag_is_a_usage_error_naming_the_flag(string option, string value)
    {
        var (exit, _, error) = Cli.Invoke("run", "--url", "http://127.0.0.1:1/", option, value, "--out", _temp.Combine("x"));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(option, error);
        Assert.False(Directory.Exists(_temp.Combine("x")));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("inspect")]
    [InlineData("report")]
    public void Help_lists_the_exit_codes(string verb)
    {
        var (exit, output, _) = Cli.Invoke(verb, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Exit codes: 0 conformant; 1 non-conformant", output);
        Assert.Contains("64 usage error", output);
    }

    [Fact]
    public async Task A_run_has_the_default_rate_limit_no_seal_and_eu_qualified_when_a_qualified_url_is_given()
    {
        // A service that answers every request with a rejection (status 2, failInfo badAlg): enough for the pre-flight and a report.
        byte[] rejection = [0x30, 0x09, 0x30, 0x07, 0x02, 0x01, 0x02, 0x03, 0x02, 0x07, 0x80];
        await using LoopbackHttpServer tsa = LoopbackHttpServer.Answering(200, "application/timestamp-reply", rejection);

        var (exit, output, error) = Cli.Invoke("run", "--url", tsa.BaseAddress + "tsa", "--req", "TSP-RESP-003", "--no-pdf", "--out", _temp.Combine("etsi"));
        var (_, qualifiedOutput, qualifiedError) = Cli.Invoke("run", "--url", tsa.BaseAddress + "tsa", "--qualified-url", tsa.BaseAddress + "qtsa",
            "--tag", "token", "--rate-limit", "off", "--no-pdf", "--out", _temp.Combine("qualified"));

        Assert.True(exit is ExitCodes.Ok or ExitCodes.NonConformant or ExitCodes.Incomplete, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("pre-flight: POST " + tsa.BaseAddress + "tsa refused a valid SHA-256 request", error);
        Assert.Contains("rate limit: 5 requests/s", output);
        Assert.Contains("not time-stamped: no sealing TSA was named", output);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(_temp.Combine("etsi", "report.json")));
        Assert.Equal(5, report.RootElement.GetProperty("target").GetProperty("rateLimit").GetDouble());
        Assert.False(File.Exists(_temp.Combine("etsi", "REPORT-MANIFEST.sha256.tst")));
        Assert.True(File.Exists(_temp.Combine("etsi", "REPORT-MANIFEST.sha256")));

        Assert.Contains("Profile:  eu-qualified; rate limit: none", qualifiedOutput + qualifiedError);
        using JsonDocument qualified = JsonDocument.Parse(File.ReadAllText(_temp.Combine("qualified", "report.json")));
        Assert.Equal("eu-qualified", qualified.RootElement.GetProperty("profile").GetString());
    }

    [Fact]
    public async Task A_declared_hsm_section_that_the_profile_does_not_use_is_a_warning()
    {
        // The rejecting service of the test above: enough for the pre-flight and a report.
        byte[] rejection = [0x30, 0x09, 0x30, 0x07, 0x02, 0x01, 0x02, 0x03, 0x02, 0x07, 0x80];
        await using LoopbackHttpServer tsa = LoopbackHttpServer.Answering(200, "application/timestamp-reply", rejection);
        File.WriteAllBytes(_temp.Combine("libvendor-pkcs11.so"), []); // never loaded: no white-box check runs
        File.WriteAllText(_temp.Combine("hsm-user-pin"), "1234");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_temp.Combine("hsm-user-pin"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        string withHsm = _temp.Combine("with-hsm.yaml");
        File.WriteAllText(withHsm, $"name: own TSA\nurl: {tsa.BaseAddress}tsa\nhsm:\n  module: libvendor-pkcs11.so\n  token-label: tsa-keys\n  pin-file: hsm-user-pin\n  key-label: tsu-1\n");
        string withoutHsm = _temp.Combine("without-hsm.yaml");
        File.WriteAllText(withoutHsm, $"name: own TSA\nurl: {tsa.BaseAddress}tsa\n");

        var (exit, output, error) = Cli.Invoke("run", "--target", withHsm, "--profile", "etsi", "--req", "TSP-RESP-003", "--no-pdf", "--out", _temp.Combine("hsm"));
        var (_, _, plainError) = Cli.Invoke("run", "--target", withoutHsm, "--profile", "etsi", "--req", "TSP-RESP-003", "--no-pdf", "--out", _temp.Combine("plain"));

        Assert.True(exit is ExitCodes.Ok or ExitCodes.NonConformant or ExitCodes.Incomplete, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("warning: the target declares an hsm: section, but profile etsi runs no white-box check, so it is not used", error);
        Assert.Contains("TSP-REF-004 runs under --profile reference-tsa or --req TSP-REF-004", error);
        Assert.DoesNotContain("hsm: section", plainError);
    }

    [Fact]
    public void Quiet_prints_the_verdict_and_findings_only()
    {
        Assert.SkipWhen(RealTokens.Directory is null, "real-token corpus not found (shared/corpus/real-tokens); set TSA_REAL_TOKENS");
        var (_, output, _) = Cli.Invoke("inspect", "--quiet", "--no-pdf", "--out", _temp.Combine("quiet"), RealTokens.PathOf("sigstore-tsa-2025_ecdsa.tsr"));

        Assert.Contains("Verdict: ", output);
        Assert.Contains("[sigstore-tsa-2025_ecdsa.tsr]", output);
        Assert.DoesNotContain("[1/1]", output);
        Assert.DoesNotContain("Wrote:", output);
        Assert.DoesNotContain("FILE ", output);
    }

    public void Dispose() => _temp.Dispose();
}

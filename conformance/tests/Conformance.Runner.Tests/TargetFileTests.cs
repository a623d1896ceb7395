using Conformance.Runner.Targets;
using Conformance.Steps.Context;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests;

public sealed class TargetFileTests
{
    private static string ExamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "spec", "examples", "target.example.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("spec/examples/target.example.yaml not found above " + AppContext.BaseDirectory);
    }

    private static TargetFileException Errors(string yaml)
    {
        return Assert.Throws<TargetFileException>(() => TargetFileLoader.Parse(yaml, "target.yaml"));
    }

    [Fact]
    public void The_example_target_file_loads()
    {
        TargetDefinition target = TargetFileLoader.Load(ExamplePath());

        Assert.Equal("Example QTSP time-stamping service", target.Name);
        Assert.Equal(new Uri("https://tsa.example.eu/tsa"), target.Url);
        Assert.Equal(new Uri("https://tsa.example.eu/qtsa"), target.QualifiedUrl);
        Assert.Equal(["1.3.6.1.4.1.99999.1.1"], target.PolicyOids);
        Assert.Equal(TimeSpan.FromSeconds(1), target.Accuracy);
        Assert.Equal(["SHA-256", "SHA-384", "SHA-512"], target.SupportedHashes);
        Assert.Equal("conformance-suite", target.Http.Headers["X-Client-Id"]);
        Assert.Equal(TimeSpan.FromSeconds(30), target.Http.RequestTimeout);
        Assert.Equal(5, target.Http.MaxRequestsPerSecond);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_file_and_line()
    {
        var e = Errors("url: http://a/\npolicy-oids: [1.2.3\nname: x\n");
        Assert.Matches(@"^target\.yaml:\d+: not valid YAML", Assert.Single(e.Errors));
    }

    [Fact]
    public void Every_problem_is_reported_with_its_line_at_once()
    {
        var e = Errors("""
            url: ftp://tsa.example/
            acuracy: 1s
            policy-oids: [1.2.3, not-an-oid]
            timeouts:
              request: soon
            rate-limit: -1
            hashes: [MD4]
            """);

        Assert.Contains("target.yaml:1: url must be an absolute http:// or https:// URL, not 'ftp://tsa.example/'", e.Errors);
        Assert.Contains(e.Errors, m => m.StartsWith("target.yaml:2: unknown key 'acuracy' in the target file (did you mean 'accuracy'?)", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("target.yaml:3: 'not-an-oid' in policy-oids", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("target.yaml:5: 'timeouts.request' must be a duration", StringComparison.Ordinal) && m.EndsWith("not 'soon'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("target.yaml:6: rate-limit", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("target.yaml:7: unknown hash algorithm 'MD4'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_duplicate_key_and_a_duration_without_unit_are_refused()
    {
        Assert.Equal("target.yaml:3: duplicate key 'url': a key may appear only once in a mapping",
            Assert.Single(Errors("url: http://a/\nname: x\nurl: http://b/\n").Errors));

        string accuracy = Assert.Single(Errors("url: http://a/\naccuracy: 1\n").Errors);
        Assert.StartsWith("target.yaml:2: 'accuracy' must be a duration", accuracy);
        Assert.EndsWith("the unit is missing, write 1s or 1ms (a bare number could be either)", accuracy);
    }

    [Fact]
    public void Keys_of_sections_are_checked_with_their_path()
    {
        var e = Errors("url: http://a/\nauth:\n  basic: { user: u, pasword: x }\ntls:\n  insecure-skip-verify: maybe\n");

        Assert.Contains(e.Errors, m => m.StartsWith("target.yaml:3: unknown key 'pasword' in auth.basic (did you mean 'password'?)", StringComparison.Ordinal));
        Assert.Contains("target.yaml:5: 'tls.insecure-skip-verify' must be true or false, not 'maybe'", e.Errors);
    }

    [Fact]
    public void A_target_needs_a_url()
    {
        var e = Errors("name: nothing to test\n");
        Assert.Contains(e.Errors, m => m.Contains("neither url nor qualified-url", StringComparison.Ordinal));
    }

    [Fact]
    public void Secrets_come_from_the_environment_and_a_missing_variable_is_named()
    {
        Environment.SetEnvironmentVariable("TSA_CONF_TEST_PASSWORD", "pw");
        TargetDefinition target = TargetFileLoader.Parse("url: http://a/\nauth:\n  basic: { user: u, password-env: TSA_CONF_TEST_PASSWORD }\n", "t.yaml");
        Assert.Equal(("u", "pw"), (target.Http.BasicUser, target.Http.BasicPassword));

        var e = Errors("url: http://a/\nauth:\n  bearer:\n    token-env: TSA_CONF_TEST_UNSET_VARIABLE\n");
        Assert.Contains("target.yaml:4: environment variable TSA_CONF_TEST_UNSET_VARIABLE (named by auth.bearer.token-env) is not set", e.Errors);
    }

    [Fact]
    public void Missing_trust_anchor_files_are_named()
    {
        var e = Errors("url: http://a/\ntrust-anchors: [does-not-exist.pem]\n");
        Assert.Contains(e.Errors, m => m.StartsWith("target.yaml:2: ", StringComparison.Ordinal) && m.Contains("does-not-exist.pem", StringComparison.Ordinal));
    }

    [Fact]
    public void Trust_anchors_load_from_pem_relative_to_the_target_file()
    {
        using var temp = new TempDirectory();
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Test Root", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Directory.CreateDirectory(temp.Combine("anchors"));
        File.WriteAllText(temp.Combine("anchors", "root.pem"), root.ExportCertificatePem());
        File.WriteAllText(temp.Combine("target.yaml"), "url: http://a/\ntrust-anchors: [anchors/root.pem]\n");

        TargetDefinition target = TargetFileLoader.Load(temp.Combine("target.yaml"));

        Assert.Equal("CN=Test Root", Assert.Single(target.TrustAnchors).Subject);
    }

    [Fact]
    public void An_unreadable_target_file_is_named()
    {
        var e = Assert.Throws<TargetFileException>(() => TargetFileLoader.Load("/nonexistent/target.yaml"));
        Assert.Equal("/nonexistent/target.yaml: no such file", Assert.Single(e.Errors));
    }

    [Fact]
    public void The_revocation_section_gives_local_crls_and_switches_ocsp_off()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.Combine("ca.crl"), [0x30, 0x00]);
        File.WriteAllText(temp.Combine("target.yaml"), "url: http://127.0.0.1:1/tsa\nrevocation: { crls: [ca.crl], ocsp: off }\n");
        File.WriteAllText(temp.Combine("missing.yaml"), "url: http://127.0.0.1:1/tsa\nrevocation:\n  crls: [nowhere.crl]\n");

        TargetDefinition target = TargetFileLoader.Load(temp.Combine("target.yaml"));
        Assert.Equal([temp.Combine("ca.crl")], target.Revocation.CrlFiles);
        Assert.False(target.Revocation.UseOcsp);
        var e = Assert.Throws<TargetFileException>(() => TargetFileLoader.Load(temp.Combine("missing.yaml")));
        Assert.Contains($"{temp.Combine("missing.yaml")}:3: {temp.Combine("nowhere.crl")}: no such CRL file (revocation.crls)", e.Errors);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Certificates;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>A configuration that cannot issue conformant tokens stops start-up, naming the setting and the reason.</summary>
public sealed class ConfigurationValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-config-").FullName;

    public ConfigurationValidationTests()
    {
        EmbeddedDefault.Initialize(_directory, new EmbeddedDefault.Options(DevKeyType.EcdsaP256, DevKeyType.EcdsaP256));
    }

    private string ConfigPath => Path.Combine(_directory, EmbeddedDefault.ConfigurationFileName);

    private TsaOptions Options() => TsaConfigurationFile.Read(ConfigPath);

    private TsaConfigurationException Refused(TsaOptions options, DateTimeOffset? now = null) =>
        Assert.Throws<TsaConfigurationException>(() =>
            TimeStampingServiceLoader.Load(options, _directory, now ?? DateTimeOffset.UtcNow, ConfigPath).Dispose());

    [Fact]
    public void The_embedded_default_loads()
    {
        using var service = TimeStampingServiceLoader.Load(Options(), _directory, DateTimeOffset.UtcNow, ConfigPath);
        Assert.Equal(["/qtsa", "/tsa"], service.Endpoints.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.NotEqual(service.Tsus[0].Certificate.Subject, service.Tsus[1].Certificate.Subject);
    }

    [Theory]
    [InlineData("node 1")]
    [InlineData("")]
    [InlineData("node/1")]
    public void A_node_name_that_cannot_name_a_node_in_records_is_refused(string name)
    {
        var options = Options();
        options.NodeName = name;
        var problem = Assert.Single(Refused(options).Problems);
        Assert.Equal("Tsa:NodeName", problem.Setting);
        Assert.Contains("is not 1 to 63 characters", problem.Reason);
    }

    [Fact]
    public void Qualified_endpoint_sharing_its_TSU_with_a_non_qualified_one_is_refused()
    {
        var options = Options();
        options.Endpoints["tsa"].Tsu = options.Endpoints["qtsa"].Tsu;
        var e = Refused(options);
        var problem = Assert.Single(e.Problems);
        Assert.Equal("Tsa:Endpoints:tsa:Tsu", problem.Setting);
        Assert.Contains("TIS-8.2-01", problem.Reason);
    }

    [Fact]
    public void Qualified_and_non_qualified_TSUs_with_the_same_subject_name_are_refused()
    {
        var options = Options();
        // A second certificate for the non-qualified key, carrying the qualified TSU's subject name.
        using var ca = DevCertificateAuthority.Load(Path.Combine(_directory, "dev-root-ca.pem"), Path.Combine(_directory, "dev-root-ca.key.pem"));
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(_directory, "tsu-nonqualified.key.pem")));
        using var certificate = ca.IssueTsuCertificate(new PublicKey(key), "Reference TSA QTSU 1 (qualified)", DateTimeOffset.UtcNow,
            TimeSpan.FromDays(30), TimeSpan.FromDays(10));
        File.WriteAllText(Path.Combine(_directory, "same-name.pem"), certificate.ExportCertificatePem());
        options.Tsus["tsu-nonqualified"].Certificate = "same-name.pem";
        var problem = Assert.Single(Refused(options).Problems);
        Assert.Equal("Tsa:Endpoints:qtsa:Tsu", problem.Setting);
        Assert.Contains("TIS-8.2-02", problem.Reason);
    }

    [Theory]
    [InlineData(false, new[] { "1.3.6.1.5.5.7.3.8" }, "not critical")]
    [InlineData(true, new[] { "1.3.6.1.5.5.7.3.8", "1.3.6.1.5.5.7.3.3" }, "id-kp-timeStamping only")]
    [InlineData(true, new[] { "1.3.6.1.5.5.7.3.3" }, "id-kp-timeStamping only")]
    [InlineData(null, new string[0], "no extended key usage")]
    public void TSU_certificate_without_a_critical_timeStamping_only_EKU_is_refused(bool? critical, string[] purposes, string reason)
    {
        var options = Options();
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(_directory, "tsu-nonqualified.key.pem")));
        var request = new CertificateRequest("CN=Bad EKU TSU, O=Test, C=NO", key, HashAlgorithmName.SHA256);
        if (critical is { } c)
        {
            var oids = new OidCollection();
            foreach (string p in purposes)
            {
                oids.Add(new Oid(p));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, c));
        }

        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(Path.Combine(_directory, "bad-eku.pem"), certificate.ExportCertificatePem());
        options.Tsus["tsu-nonqualified"].Certificate = "bad-eku.pem";
        var problems = Refused(options).Problems;
        Assert.Contains(problems, p => p.Setting == "Tsa:Tsus:tsu-nonqualified:Certificate" && p.Reason.Contains(reason));
    }

    [Fact]
    public void Key_not_matching_its_certificate_is_refused()
    {
        var options = Options();
        options.Tsus["tsu-nonqualified"].Key.Path = "tsu-qualified.key.pem";
        var problem = Assert.Single(Refused(options).Problems);
        Assert.Equal("Tsa:Tsus:tsu-nonqualified:Key", problem.Setting);
        Assert.Contains("does not belong to the certificate", problem.Reason);
    }

    [Theory]
    [InlineData("2s", "coarser than one second")]
    [InlineData("1001ms", "coarser than one second")]
    [InlineData("soon", "not a duration")]
    [InlineData("-1s", "not a duration")]
    public void Accuracy_over_one_second_or_unreadable_is_refused(string accuracy, string reason)
    {
        var options = Options();
        options.Endpoints["qtsa"].Accuracy = accuracy;
        var problem = Assert.Single(Refused(options).Problems);
        Assert.Equal("Tsa:Endpoints:qtsa:Accuracy", problem.Setting);
        Assert.Contains(reason, problem.Reason);
    }

    [Fact]
    public void GenTime_precision_too_coarse_for_the_accuracy_is_refused()
    {
        var options = Options();
        options.Endpoints["tsa"].Accuracy = "10ms";
        options.Endpoints["tsa"].GenTimeFractionDigits = 2;
        var problem = Assert.Single(Refused(options).Problems);
        Assert.Equal("Tsa:Endpoints:tsa:GenTimeFractionDigits", problem.Setting);
    }

    [Theory]
    [InlineData(-400, "not valid yet")]
    [InlineData(4 * 365, "has expired")]
    [InlineData(400, "privateKeyUsagePeriod")]
    public void Certificate_not_yet_valid_expired_or_past_its_key_usage_period_is_refused(int daysFromNow, string reason)
    {
        var problems = Refused(Options(), DateTimeOffset.UtcNow.AddDays(daysFromNow)).Problems;
        Assert.Contains(problems, p => p.Setting == "Tsa:Tsus:tsu-nonqualified:Certificate" && p.Reason.Contains(reason));
        Assert.Contains(problems, p => p.Setting == "Tsa:Tsus:tsu-qualified:Certificate" && p.Reason.Contains(reason));
    }

    [Theory]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void SHA384_and_SHA512_signer_digests_load(string digest)
    {
        var options = Options();
        options.Tsus["tsu-qualified"].SignerDigest = digest;
        using var service = TimeStampingServiceLoader.Load(options, _directory, DateTimeOffset.UtcNow, ConfigPath);
        Assert.Equal(digest, service.Tsus.Single(t => t.Name == "tsu-qualified").SignerDigest.Name);
    }

    [Theory]
    [InlineData("SHA3-256")]
    [InlineData("SHA1")]
    [InlineData("MD5")]
    [InlineData("SHA224")]
    public void Other_signer_digests_are_refused(string digest)
    {
        var options = Options();
        options.Tsus["tsu-qualified"].SignerDigest = digest;
        var problem = Assert.Single(Refused(options).Problems);
        Assert.Equal("Tsa:Tsus:tsu-qualified:SignerDigest", problem.Setting);
    }

    [Fact]
    public void A_clock_without_time_sources_is_refused_unless_explicitly_unmonitored()
    {
        var options = Options();
        options.Clock.AllowUnmonitoredClock = false;
        var problem = Assert.Single(Refused(options).Problems);
        Assert.Equal("Tsa:Clock:Sources", problem.Setting);
        Assert.Contains("TIS-7.7.1", problem.Reason);
    }

    [Theory]
    [InlineData(3, "1s", "MinimumSources")]
    [InlineData(2, "1.5s", "SafetyMargin")]
    public void Unusable_clock_settings_are_refused(int minimumSources, string margin, string setting)
    {
        var options = Options();
        options.Clock.Sources = ["127.0.0.1:1", "127.0.0.1:2"];
        options.Clock.MinimumSources = minimumSources;
        options.Clock.SafetyMargin = margin;
        Assert.Contains(Refused(options).Problems, p => p.Setting == $"Tsa:Clock:{setting}");
    }

    [Fact]
    public void Software_keys_need_an_explicit_opt_in()
    {
        var options = Options();
        options.AllowSoftwareKeys = false;
        Assert.All(Refused(options).Problems, p => Assert.Contains("AllowSoftwareKeys", p.Reason));
    }

    [Theory]
    [InlineData("MD5")]
    [InlineData("SHA1")]
    [InlineData("SHA-0")]
    public void Weak_or_unknown_accepted_hashes_are_refused(string hash)
    {
        var options = Options();
        options.Endpoints["tsa"].AcceptedHashes = ["SHA256", hash];
        var problem = Assert.Single(Refused(options).Problems);
        Assert.Equal("Tsa:Endpoints:tsa:AcceptedHashes:1", problem.Setting);
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var options = Options();
        options.Endpoints["tsa"].Accuracy = "5s";
        options.Endpoints["qtsa"].Policy = "not-an-oid";
        options.Tsus["tsu-qualified"].Key.Path = "missing.pem";
        var settings = Refused(options).Problems.Select(p => p.Setting).ToList();
        Assert.Contains("Tsa:Endpoints:tsa:Accuracy", settings);
        Assert.Contains("Tsa:Endpoints:qtsa:Policy", settings);
        Assert.Contains("Tsa:Tsus:tsu-qualified:Key:Path", settings);
    }

    [Fact]
    public void Yaml_configuration_binds_like_json()
    {
        string yaml = Path.Combine(_directory, "tsa.yaml");
        File.WriteAllText(yaml, """
            Tsa:
              AllowSoftwareKeys: true
              Clock:
                Sources: [127.0.0.1:11123, 127.0.0.1:11124]
                SafetyMargin: 50ms
              Tsus:
                only:
                  Certificate: tsu-nonqualified.cert.pem
                  Key: { Type: software, Scheme: ecdsa, Path: tsu-nonqualified.key.pem }
              Endpoints:
                stamp:
                  Path: /stamp
                  Tsu: only
                  Policy: 1.2.3.4
                  AcceptedHashes: [SHA256, SHA512]
                  Accuracy: 250ms
            """);
        using var service = TimeStampingServiceLoader.Load(TsaConfigurationFile.Read(yaml), _directory, DateTimeOffset.UtcNow, yaml);
        var endpoint = Assert.Single(service.Endpoints);
        Assert.Equal("/stamp", endpoint.Path);
        Assert.Equal(["SHA256", "SHA512"], endpoint.AcceptedHashes.Select(h => h.Name));
        Assert.Equal(250_000, endpoint.Accuracy.TotalMicroseconds);
        Assert.True(service.Clock.Monitored);
        Assert.Equal(TimeSpan.FromMilliseconds(200), service.Clock.Threshold); // 250 ms accuracy minus the 50 ms margin
    }

    [Fact]
    public void Broken_yaml_names_the_file_and_line()
    {
        string yaml = Path.Combine(_directory, "broken.yaml");
        File.WriteAllText(yaml, "Tsa:\n  Endpoints:\n    tsa: [unclosed\n");
        var e = Assert.Throws<TsaConfigurationException>(() => TsaConfigurationFile.Read(yaml));
        Assert.Contains("broken.yaml:4:", e.Message);
    }

    [Fact]
    public void Broken_json_names_the_file_and_line()
    {
        string json = Path.Combine(_directory, "broken.json");
        File.WriteAllText(json, "{\n  \"Tsa\": {\n    \"MaxRequestBytes\": 4096,,\n  }\n}\n");
        var e = Assert.Throws<TsaConfigurationException>(() => TsaConfigurationFile.Read(json));
        Assert.Contains("broken.json:3:", e.Message);
    }

    [Fact]
    public void Misspelt_setting_is_refused()
    {
        string json = Path.Combine(_directory, "typo.json");
        File.WriteAllText(json, File.ReadAllText(ConfigPath).Replace("\"AllowSoftwareKeys\"", "\"AllowSoftwareKey\""));
        var e = Assert.Throws<TsaConfigurationException>(() => TsaConfigurationFile.Read(json));
        Assert.Contains("AllowSoftwareKey", e.Message);
    }

    [Fact]
    public void Environment_variables_override_the_file()
    {
        Environment.SetEnvironmentVariable("REFTSA_Tsa__Endpoints__tsa__Accuracy", "100ms");
        try
        {
            Assert.Equal("100ms", Options().Endpoints["tsa"].Accuracy);
        }
        finally
        {
            Environment.SetEnvironmentVariable("REFTSA_Tsa__Endpoints__tsa__Accuracy", null);
        }
    }

    [Fact]
    public async Task Serve_refuses_to_start_and_names_the_setting()
    {
        var options = File.ReadAllText(ConfigPath).Replace("\"Accuracy\": \"1s\"", "\"Accuracy\": \"3s\"");
        string config = Path.Combine(_directory, "three-seconds.json");
        File.WriteAllText(config, options);
        var (exit, stderr) = await ReferenceTsaCli.RunAsync(["serve", "--config", config, "--urls", "http://127.0.0.1:0"]);
        Assert.Equal(78, exit);
        Assert.Contains("Tsa:Endpoints:tsa:Accuracy", stderr);
        Assert.Contains("coarser than one second", stderr);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

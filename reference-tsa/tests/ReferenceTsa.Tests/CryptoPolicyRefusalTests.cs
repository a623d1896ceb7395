using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;

namespace ReferenceTsa.Tests;

/// <summary>
/// Tsa:CryptoPolicy in production mode: a TSU certificate the configured algorithm policy would fail stops start-up
/// naming the TSU's certificate setting (the suite would otherwise fail the tokens under TSP-CERT-012).
/// </summary>
public sealed class CryptoPolicyRefusalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-policy-").FullName;

    public CryptoPolicyRefusalTests() => EmbeddedDefault.Initialize(_directory, new EmbeddedDefault.Options());

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string ConfigPath => Path.Combine(_directory, EmbeddedDefault.ConfigurationFileName);

    /// <summary>A policy in the spec/crypto format whose RSA PKCS#1 v1.5 end date is <paramref name="validUntil"/>.</summary>
    private string Policy(string validUntil)
    {
        string path = Path.Combine(_directory, $"policy-{validUntil}.yaml");
        File.WriteAllText(path, $"""
            policy:
              id: test-policy-{validUntil}
            algorithms:
              - {"{"} type: signature, name: rsa-pkcs1-v1_5, min_key_bits: 3000, valid_until: {validUntil} {"}"}
              - {"{"} type: signature, name: rsa-pkcs1-v1_5, min_key_bits: 1024, max_key_bits: 2999, accepted: false {"}"}
            """);
        return path;
    }

    private TimeStampingService Load(string policy, string mode)
    {
        var options = TsaConfigurationFile.Read(ConfigPath);
        options.Mode = mode;
        options.CryptoPolicy = policy;
        return TimeStampingServiceLoader.Load(options, _directory, DateTimeOffset.UtcNow, ConfigPath);
    }

    [Fact]
    public void Production_refuses_a_tsu_certificate_that_outlives_its_algorithm_in_the_configured_policy()
    {
        // The dev TSU certificates last until 2028 at most: beyond an RSA PKCS#1 v1.5 end date of 2026-12-31.
        var e = Assert.Throws<TsaConfigurationException>(() => Load(Policy("2026-12-31"), "production").Dispose());
        Assert.Contains(e.Problems, p => p.Setting == "Tsa:Tsus:tsu-qualified:Certificate" && p.Reason.Contains("after 2026-12-31", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Setting == "Tsa:Tsus:tsu-nonqualified:Certificate" && p.Reason.Contains("test-policy-2026-12-31", StringComparison.Ordinal));
    }

    /// <summary>
    /// The problems on TSU certificate settings (empty when the configuration loads). Production may refuse the dev
    /// directory for other reasons too (its unmonitored clock, say); only the certificate verdicts matter here.
    /// </summary>
    private IReadOnlyList<ConfigurationProblem> CertificateProblems(string policy, string mode)
    {
        try
        {
            Load(policy, mode).Dispose();
            return [];
        }
        catch (TsaConfigurationException e)
        {
            return [.. e.Problems.Where(p => p.Setting.EndsWith(":Certificate", StringComparison.Ordinal))];
        }
    }

    [Fact]
    public void A_policy_whose_end_date_covers_the_certificates_is_accepted_and_development_mode_does_not_apply_it()
    {
        Assert.NotEmpty(CertificateProblems(Policy("2026-12-31"), "production"));
        Assert.Empty(CertificateProblems(Policy("2040-12-31"), "production"));
        Assert.Empty(CertificateProblems(Policy("2026-12-31"), "development"));
    }

    [Fact]
    public void An_unreadable_policy_file_is_refused_naming_the_setting()
    {
        string path = Path.Combine(_directory, "not-a-policy.yaml");
        File.WriteAllText(path, "just: [text\n");
        var e = Assert.Throws<TsaConfigurationException>(() => Load(path, "production").Dispose());
        Assert.Contains(e.Problems, p => p.Setting == "Tsa:CryptoPolicy");
    }
}

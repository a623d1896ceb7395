using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using ReferenceTsa.Certificates;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Tsa:Tls: the HTTPS server certificate. Bad TLS settings stop `serve` with exit 78 naming the setting; PEM and
/// PKCS#12 files both serve HTTPS.
/// </summary>
public sealed class TlsConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-tls-").FullName;

    public TlsConfigurationTests()
    {
        EmbeddedDefault.Initialize(_directory, new EmbeddedDefault.Options(DevKeyType.EcdsaP256, DevKeyType.EcdsaP256));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string ConfigPath => Path.Combine(_directory, EmbeddedDefault.ConfigurationFileName);

    /// <summary>tsa.json with its Tls section replaced (null removes it).</summary>
    private string ConfigWithTls(JsonObject? tls)
    {
        var root = JsonNode.Parse(File.ReadAllText(ConfigPath))!;
        var section = root["Tsa"]!.AsObject();
        section.Remove("Tls");
        if (tls is not null)
        {
            section["Tls"] = tls;
        }

        string path = Path.Combine(_directory, $"tls-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    private static async Task<string> RefusedAsync(string config, string urls = "http://127.0.0.1:0")
    {
        var (exit, output) = await ReferenceTsaCli.RunAsync(["serve", "--config", config, "--urls", urls]);
        Assert.True(exit == 78, $"exit {exit}: {output}");
        Assert.Contains("does not start", output);
        return output;
    }

    [Fact]
    public void Dev_init_writes_a_loopback_server_certificate_from_the_dev_root_ca_and_names_it_in_the_configuration()
    {
        var options = TsaConfigurationFile.Read(ConfigPath);
        Assert.Equal(EmbeddedDefault.TlsCertificateFileName, options.Tls?.Certificate);
        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(_directory, EmbeddedDefault.TlsCertificateFileName),
            Path.Combine(_directory, EmbeddedDefault.TlsKeyFileName));
        using var root = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_directory, EmbeddedDefault.RootCaFileName));
        Assert.Equal(root.Subject, certificate.Issuer);
        Assert.Contains("127.0.0.1", certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Select(a => a.ToString()));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, EmbeddedDefault.TlsKeyFileName)));
        }
    }

    [Fact]
    public async Task Https_url_without_a_tls_section_exits_78_naming_the_setting()
    {
        string output = await RefusedAsync(ConfigWithTls(null), "https://127.0.0.1:0");
        Assert.Contains("Tsa:Tls:Certificate", output);
    }

    [Fact]
    public async Task A_missing_certificate_file_exits_78_naming_the_setting()
    {
        string output = await RefusedAsync(ConfigWithTls(new JsonObject { ["Certificate"] = "no-such.pem", ["Key"] = EmbeddedDefault.TlsKeyFileName }));
        Assert.Contains("Tsa:Tls:Certificate", output);
        Assert.Contains("no-such.pem", output);
    }

    [Fact]
    public async Task A_key_of_another_certificate_exits_78_naming_the_key_setting()
    {
        string otherKey = Path.Combine(_directory, "other.key.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(otherKey, key.ExportPkcs8PrivateKeyPem());
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(otherKey, UnixFileMode.UserRead | UnixFileMode.UserWrite); // refused for the mismatch, not for its mode
        }

        string output = await RefusedAsync(ConfigWithTls(new JsonObject { ["Certificate"] = EmbeddedDefault.TlsCertificateFileName, ["Key"] = "other.key.pem" }));
        Assert.Contains("Tsa:Tls:Key", output);
        Assert.Contains("has no private key for the certificate", output);
    }

    [Fact]
    public async Task An_expired_server_certificate_exits_78_naming_the_setting()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var expired = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-1));
        File.WriteAllText(Path.Combine(_directory, "expired.pem"), expired.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());

        string output = await RefusedAsync(ConfigWithTls(new JsonObject { ["Certificate"] = "expired.pem" }));
        Assert.Contains("Tsa:Tls:Certificate", output);
        Assert.True(output.Contains("not now", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task A_pkcs12_file_with_a_wrong_password_exits_78_and_with_the_right_one_serves_https()
    {
        using (var pem = X509Certificate2.CreateFromPemFile(Path.Combine(_directory, EmbeddedDefault.TlsCertificateFileName),
                   Path.Combine(_directory, EmbeddedDefault.TlsKeyFileName)))
        {
            File.WriteAllBytes(Path.Combine(_directory, "server.p12"), pem.Export(X509ContentType.Pkcs12, "right"));
        }

        File.WriteAllText(Path.Combine(_directory, "wrong-password"), "wrong\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(_directory, "wrong-password"), UnixFileMode.UserRead | UnixFileMode.UserWrite); // serve refuses a secret others can read
        }

        string output = await RefusedAsync(ConfigWithTls(new JsonObject { ["Certificate"] = "server.p12", ["PasswordFile"] = "wrong-password" }));
        Assert.Contains("Tsa:Tls:Certificate", output);
        Assert.Contains("PKCS#12", output);

        File.WriteAllText(Path.Combine(_directory, "right-password"), "right\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(_directory, "right-password"), UnixFileMode.UserRead | UnixFileMode.UserWrite); // serve refuses a secret others can read
        }

        var options = TsaConfigurationFile.Read(ConfigWithTls(new JsonObject { ["Certificate"] = "server.p12", ["PasswordFile"] = "right-password" }));
        using var service = TimeStampingServiceLoader.Load(options, _directory, DateTimeOffset.UtcNow, ConfigPath);
        await using var app = TsaHost.Build(service, ["https://127.0.0.1:0"], quiet: true);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var root = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_directory, EmbeddedDefault.RootCaFileName));
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions =
            {
                CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { root }, RevocationMode = X509RevocationMode.NoCheck },
            },
        });
        using var response = await http.GetAsync(new Uri(TsaHost.BoundAddress(app), "healthz"), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https", TsaHost.BoundAddress(app).Scheme);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Transport;
using Conformance.Runner.Results;
using Conformance.Runner.Targets;
using Conformance.Steps.Context;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests;

/// <summary>HTTPS targets: server trust from the target file, skipping verification, and mutual TLS, on a real TLS server.</summary>
public sealed class TlsTests
{
    private static X509Certificate2 ServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Loopback TSA", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task<RunReport> RunAsync(Uri url, TempDirectory temp, TsaHttpOptions http) =>
        await ConformanceRunner.RunAsync(TargetDefinition.FromUrls(url, null, http),
            new RunOptions { OutputDirectory = temp.Path, Selection = new() { RequirementIds = ["TSP-REQ-001"] } }, TestContext.Current.CancellationToken);

    private static ScenarioResult NonQualified(RunReport report) => report.Scenarios.Single(s => s.Name.EndsWith("non-qualified service", StringComparison.Ordinal));

    [Fact]
    public async Task An_untrusted_server_certificate_is_a_tls_error()
    {
        using X509Certificate2 server = ServerCertificate();
        await using var tsa = new StubTsa(tlsCertificate: server);
        using var temp = new TempDirectory();

        ScenarioResult result = NonQualified(await RunAsync(tsa.Url, temp, new TsaHttpOptions()));

        Assert.Equal(ScenarioStatus.Error, result.Status);
        Assert.StartsWith($"POST {tsa.Url}: the TLS handshake failed", result.Message);
    }

    [Fact]
    public async Task A_server_certificate_under_a_declared_trust_anchor_is_accepted()
    {
        using X509Certificate2 server = ServerCertificate();
        await using var tsa = new StubTsa(tlsCertificate: server);
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("tls-ca.pem"), server.ExportCertificatePem());
        File.WriteAllText(temp.Combine("target.yaml"), $"url: {tsa.Url}\ntls:\n  ca-file: tls-ca.pem\n");
        TargetDefinition target = TargetFileLoader.Load(temp.Combine("target.yaml"));

        ScenarioResult result = NonQualified(await RunAsync(tsa.Url, temp, target.Http));

        Assert.True(result.Status == ScenarioStatus.Passed, result.Message);
    }

    [Fact]
    public async Task Skipping_verification_accepts_any_server_and_is_recorded_in_the_report()
    {
        using X509Certificate2 server = ServerCertificate();
        await using var tsa = new StubTsa(tlsCertificate: server);
        using var temp = new TempDirectory();

        RunReport report = await RunAsync(tsa.Url, temp, new TsaHttpOptions { InsecureSkipServerCertificateValidation = true });

        Assert.Equal(ScenarioStatus.Passed, NonQualified(report).Status);
        Assert.True(report.Target!.TlsVerificationDisabled);
    }

    [Fact]
    public async Task A_client_certificate_from_the_target_file_is_presented_for_mutual_tls()
    {
        using X509Certificate2 server = ServerCertificate();
        await using var tsa = new StubTsa(tlsCertificate: server, requireClientCertificate: true);
        using var temp = new TempDirectory();
        using var clientKey = RSA.Create(2048);
        var clientRequest = new CertificateRequest("CN=Conformance Client", clientKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var client = clientRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(temp.Combine("client.pem"), client.ExportCertificatePem());
        File.WriteAllText(temp.Combine("client.key"), clientKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(temp.Combine("target.yaml"), $"""
            url: {tsa.Url}
            auth:
              client-certificate: {"{"} file: client.pem, key: client.key {"}"}
            tls:
              insecure-skip-verify: true
            """);
        TargetDefinition target = TargetFileLoader.Load(temp.Combine("target.yaml"));

        ScenarioResult result = NonQualified(await RunAsync(tsa.Url, temp, target.Http));

        Assert.True(result.Status == ScenarioStatus.Passed, result.Message);
        Assert.Equal("CN=Conformance Client", tsa.Server.LastClientCertificateSubject);
    }

    [Fact]
    public async Task Without_the_required_client_certificate_the_exchange_is_an_error()
    {
        using X509Certificate2 server = ServerCertificate();
        await using var tsa = new StubTsa(tlsCertificate: server, requireClientCertificate: true);
        using var temp = new TempDirectory();

        ScenarioResult result = NonQualified(await RunAsync(tsa.Url, temp, new TsaHttpOptions { InsecureSkipServerCertificateValidation = true }));

        Assert.Equal(ScenarioStatus.Error, result.Status);
        Assert.StartsWith($"POST {tsa.Url}: ", result.Message);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Transport;
using Conformance.Runner.Results;
using Conformance.Steps.Context;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests.Checks;

/// <summary>TSP-HTTP-003 (HTTPS) and TSP-HTTP-004 (no token outside RFC 3161 §3.4) against real HTTP(S) servers.</summary>
public sealed class TransportCheckTests
{
    /// <summary>A test CA and a loopback server certificate it issued (SAN 127.0.0.1), with the server's key.</summary>
    private static (X509Certificate2 Ca, X509Certificate2 Server) LoopbackPki(string hostIp = "127.0.0.1")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test TLS CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Loopback TSA", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Parse(hostIp));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(5), [1, 2, 3, 4]);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return (X509CertificateLoader.LoadCertificate(ca.RawData), X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null));
    }

    [Fact]
    public async Task Https_with_a_trusted_certificate_passes_and_records_the_tls_version()
    {
        var (ca, server) = LoopbackPki();
        await using var tsa = new StubTsa(tlsCertificate: server);
        var options = new TsaHttpOptions { ServerTrustAnchors = [ca] };

        TlsObservation tls = await TlsObservation.ObserveAsync(tsa.Url, options, TestContext.Current.CancellationToken);
        using var http = new TsaHttpClient(options);
        TimeStampExchange exchange = await new TsaClient(http).RequestAsync(tsa.Url, TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256), null, "t", TestContext.Current.CancellationToken);

        Assert.True(tls.CertificateValid, string.Join("; ", tls.CertificateProblems));
        Assert.Contains(tls.ProtocolName, new[] { "TLS 1.2", "TLS 1.3" });
        Assert.Equal("CN=Loopback TSA", tls.ServerSubject);
        Assert.Contains("Protocol: TLS 1.", tls.Describe());
        HttpsRequirements.HttpsExchangeIsSound(tls, exchange);
    }

    [Fact]
    public async Task A_server_certificate_for_another_host_fails_HTTP_003()
    {
        var (ca, server) = LoopbackPki(hostIp: "10.11.12.13");
        await using var tsa = new StubTsa(tlsCertificate: server);

        TlsObservation tls = await TlsObservation.ObserveAsync(tsa.Url, new TsaHttpOptions { ServerTrustAnchors = [ca] }, TestContext.Current.CancellationToken);

        Assert.False(tls.CertificateValid);
        var finding = Assert.Throws<RequirementNotMetException>(() => HttpsRequirements.HttpsExchangeIsSound(tls, exchange: null));
        Assert.Equal("TSP-HTTP-003", finding.RequirementId);
        Assert.Contains("does not name the host", finding.Observed);
    }

    [Fact]
    public async Task An_untrusted_server_certificate_fails_HTTP_003_in_a_run()
    {
        var (_, server) = LoopbackPki();
        await using var tsa = new StubTsa(tlsCertificate: server);
        using var temp = new TempDirectory();

        // The server's CA is not declared: neither the system store nor the target trusts it.
        var results = await RunOne.RequirementAsync("TSP-HTTP-003", TargetDefinition.FromUrls(tsa.Url, null), temp.Path);

        ScenarioResult result = Assert.Single(results);
        Assert.Equal(ScenarioStatus.Failed, result.Status);
        Assert.StartsWith("TSP-HTTP-003: the HTTPS server certificate", result.Message);
        Assert.Contains(result.Evidence, f => f.EndsWith("-tls.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_trusted_https_service_passes_HTTP_003_in_a_run()
    {
        var (ca, server) = LoopbackPki();
        await using var tsa = new StubTsa(tlsCertificate: server);
        using var temp = new TempDirectory();

        var results = await RunOne.RequirementAsync("TSP-HTTP-003",
            TargetDefinition.FromUrls(tsa.Url, null, new TsaHttpOptions { ServerTrustAnchors = [ca] }), temp.Path);

        ScenarioResult result = Assert.Single(results);
        Assert.True(result.Status == ScenarioStatus.Passed, result.Message);
        string tls = File.ReadAllText(temp.Combine("evidence", result.Evidence.First(f => f.EndsWith("-tls.txt", StringComparison.Ordinal))));
        Assert.Contains("Certificate valid for this host: yes", tls);
    }

    [Fact]
    public async Task A_plain_http_service_without_https_counterpart_fails_HTTP_003()
    {
        await using var tsa = new StubTsa();
        using var temp = new TempDirectory();

        // http://127.0.0.1:PORT/tsa is declared; https://127.0.0.1/tsa (port 443) has nothing listening.
        var results = await RunOne.RequirementAsync("TSP-HTTP-003", TargetDefinition.FromUrls(tsa.Url, null), temp.Path);

        ScenarioResult result = Assert.Single(results);
        Assert.Equal(ScenarioStatus.Failed, result.Status);
        Assert.Contains("no time-stamping service answers over HTTPS", result.Message);
        Assert.Contains("https://127.0.0.1/tsa", result.Message);
    }

    [Fact]
    public async Task A_tsa_that_stamps_anything_posted_fails_HTTP_004()
    {
        // The stub answers every request with a token, whatever the method or media type.
        await using var tsa = new StubTsa();
        using var temp = new TempDirectory();

        var results = await RunOne.RequirementAsync("TSP-HTTP-004", TargetDefinition.FromUrls(tsa.Url, null), temp.Path);

        ScenarioResult result = Assert.Single(results);
        Assert.Equal(ScenarioStatus.Failed, result.Status);
        Assert.StartsWith("TSP-HTTP-004: POST ", result.Message);
        Assert.Contains("application/octet-stream was answered with a granted time-stamp token", result.Message);
    }

    [Fact]
    public async Task A_tsa_that_refuses_get_and_other_media_types_passes_HTTP_004()
    {
        await using var tsa = new FrontedTsa(strictHttp: true);
        using var temp = new TempDirectory();

        var results = await RunOne.RequirementAsync("TSP-HTTP-004", TargetDefinition.FromUrls(tsa.Url, null), temp.Path);

        ScenarioResult result = Assert.Single(results);
        Assert.True(result.Status == ScenarioStatus.Passed, result.Message);
    }
}

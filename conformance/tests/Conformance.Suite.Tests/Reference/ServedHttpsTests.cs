using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Conformance.Suite.Tests.Reference;

/// <summary>
/// The reference TSA served by `serve` in its own process with the embedded default answers over HTTPS (issue #17):
/// the suite's TSP-HTTP-003, and in a second test the whole eu-qualified profile, run by the tsa-conformance executable (another process) pass against it, and a renewed
/// server certificate is picked up on file change and on SIGHUP without a restart.
/// </summary>
public sealed class ServedHttpsTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("tsa-served-https-").FullName;
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    public void Dispose()
    {
        _probe.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public async Task The_suites_https_requirement_passes_against_the_served_embedded_default_and_a_renewed_certificate_is_served_without_restart()
    {
        string data = Path.Combine(_temp, "data");
        var (served, https) = await ServeOverHttpsAsync(data);
        using var _ = served;
        string rootCa = Path.Combine(data, "dev-root-ca.pem");
        Assert.True(File.Exists(Path.Combine(data, "tls.cert.pem")), "dev init did not write the TLS certificate");

        string target = Path.Combine(_temp, "target.yaml");
        File.WriteAllText(target, $"""
            name: served reference TSA over HTTPS
            url: https://127.0.0.1:{https}/tsa
            qualified-url: https://127.0.0.1:{https}/qtsa
            trust-anchors: [{rootCa}]
            tls:
              ca-file: {rootCa}
            """);
        string output = Path.Combine(_temp, "report");
        var (exit, text) = await RunAsync("dotnet", [ServedReferenceTsa.Dll("tsa-conformance.dll"), "run", "--target", target, "--req", "TSP-HTTP-003", "--out", output]);

        Assert.True(exit == 0, $"tsa-conformance exited {exit}:\n{text}\nserver:\n{served.Output}");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var scenarios = report.RootElement.GetProperty("scenarios").EnumerateArray()
            .Where(s => s.GetProperty("requirementIds").EnumerateArray().Any(r => r.GetString() == "TSP-HTTP-003")).ToList();
        Assert.NotEmpty(scenarios);
        Assert.All(scenarios, s => Assert.Equal("passed", s.GetProperty("status").GetString()));
        Assert.All(Directory.GetFiles(Path.Combine(output, "evidence"), "*-tls.txt", SearchOption.AllDirectories),
            f => Assert.Matches("TLS ?1\\.[23]|Tls1[23]", File.ReadAllText(f)));

        // JSON console logging: each access-log line is one JSON object with the request's fields.
        await served.WaitForOutputAsync("\"Category\":\"ReferenceTsa.Access\"", TimeSpan.FromSeconds(10));
        var access = served.Output.Split('\n').Where(l => l.StartsWith('{') && l.Contains("ReferenceTsa.Access", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("State")).ToList();
        Assert.Contains(access, a => a.GetProperty("Endpoint").GetString() == "/qtsa" && a.GetProperty("HttpStatus").GetInt32() == 200
                                     && a.GetProperty("PkiStatus").GetString() == "Granted" && a.GetProperty("Serial").GetString() != "-");

        // TLS 1.1 is refused by the server (OpenSSL's client is allowed it at security level 0: the alert comes from the TSA).
        var (_, tls11) = await RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{https}", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"]);
        Assert.Contains("alert protocol version", tls11);

        // Renewal: new files in place are served after the change is noticed, then again (same files) on SIGHUP.
        var before = await HandshakeAsync(https, rootCa);
        var (certificatePem, keyPem) = IssueServerCertificate(data);
        File.WriteAllText(Path.Combine(data, "tls.key.pem"), keyPem);
        File.WriteAllText(Path.Combine(data, "tls.cert.pem"), certificatePem);
        await served.WaitForOutputAsync("reloaded (a certificate file changed)", TimeSpan.FromSeconds(20));
        var renewed = await HandshakeAsync(https, rootCa);
        Assert.NotEqual(before.Thumbprint, renewed.Thumbprint);
        Assert.Equal(X509Certificate2.CreateFromPem(certificatePem).Thumbprint, renewed.Thumbprint);

        var (killExit, killText) = await RunAsync("kill", ["-HUP", served.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(killExit == 0, killText);
        await served.WaitForOutputAsync("reloaded (SIGHUP)", TimeSpan.FromSeconds(20));
        Assert.False(served.HasExited, "SIGHUP stopped the TSA instead of reloading its certificate");
        Assert.Equal(renewed.Thumbprint, (await HandshakeAsync(https, rootCa)).Thumbprint);
    }

    [Fact]
    public async Task The_whole_eu_qualified_profile_passes_against_the_separately_served_tsa_over_https_without_a_reverse_proxy()
    {
        string data = Path.Combine(_temp, "data");
        // `dev init` as an operator runs it: it also hands out the disclosure extract and the development trusted list.
        var (initExit, initOutput) = await RunAsync("dotnet", [ServedReferenceTsa.Dll("ReferenceTsa.dll"), "dev", "init", "--data", data]);
        Assert.True(initExit == 0, $"dev init exited {initExit}:\n{initOutput}");
        var (served, https) = await ServeOverHttpsAsync(data);
        using var _ = served;
        string rootCa = Path.Combine(data, "dev-root-ca.pem");
        Assert.True(File.Exists(Path.Combine(data, "tls.cert.pem")), "dev init did not write the TLS certificate");

        // The target file an auditor writes for this deployment: the dev root and its CRL, the disclosure extract, the
        // declared policies, and a development trusted list granting the qualified TSU with its list of lists and signer.
        string target = Path.Combine(_temp, "target.yaml");
        string disclosure = Path.Combine(data, "disclosure.yaml");
        string policies = string.Join(", ", System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(disclosure), @"oid: ([0-9.]+)").Select(m => m.Groups[1].Value));
        File.WriteAllText(target, $"""
            name: served reference TSA over HTTPS
            url: https://127.0.0.1:{https}/tsa
            qualified-url: https://127.0.0.1:{https}/qtsa
            policy-oids: [{policies}]
            accuracy: 1s
            trust-anchors: [{rootCa}]
            tls:
              ca-file: {rootCa}
            clock:
              uncertainty: 1ms
            disclosure: {disclosure}
            revocation: {"{"} crls: [{Path.Combine(data, "dev-root-ca.crl")}] {"}"}
            trusted-lists: [{Path.Combine(data, "dev-trusted-list.xml")}]
            lotl: {Path.Combine(data, "dev-lotl.xml")}
            lotl-signers: [{Path.Combine(data, "dev-lotl-signer.pem")}]
            """);
        string output = Path.Combine(_temp, "report");
        // Issue #17: the whole eu-qualified profile passes against the separately served TSA on HTTPS, no reverse proxy.
        var (exit, text) = await RunAsync("dotnet", [ServedReferenceTsa.Dll("tsa-conformance.dll"), "run", "--target", target, "--profile", "eu-qualified",
            "--rate-limit", "off", "--no-history", "--no-pdf", "--out", output]);

        Assert.True(exit == 0, $"tsa-conformance exited {exit}:\n{text}\nserver:\n{served.Output}");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        JsonElement summary = report.RootElement.GetProperty("summary");
        Assert.Equal(0, summary.GetProperty("nonconformities").GetInt32());
        Assert.Equal(0, summary.GetProperty("error").GetInt32());
        Assert.True(summary.GetProperty("passed").GetInt32() >= 100, $"only {summary.GetProperty("passed").GetInt32()} scenarios passed");
        var scenarios = report.RootElement.GetProperty("scenarios").EnumerateArray()
            .Where(s => s.GetProperty("requirementIds").EnumerateArray().Any(r => r.GetString() == "TSP-HTTP-003")).ToList();
        Assert.NotEmpty(scenarios);
        Assert.All(scenarios, s => Assert.Equal("passed", s.GetProperty("status").GetString()));
        Assert.All(Directory.GetFiles(Path.Combine(output, "evidence"), "*-tls.txt", SearchOption.AllDirectories),
            f => Assert.Matches("TLS ?1\\.[23]|Tls1[23]", File.ReadAllText(f)));
    }

    /// <summary>`serve` on a free HTTP port (for health checks) and a free HTTPS port, JSON logs.</summary>
    private async Task<(ServedReferenceTsa Served, int Https)> ServeOverHttpsAsync(string data)
    {
        int http = ServedReferenceTsa.FreeLoopbackPort();
        int https = ServedReferenceTsa.FreeLoopbackPort();
        var served = await ServedReferenceTsa.StartAsync(
            ["--data", data, "--urls", $"http://127.0.0.1:{http};https://127.0.0.1:{https}"], new Uri($"http://127.0.0.1:{http}/healthz"), _probe,
            new Dictionary<string, string> { ["REFTSA_Tsa__Logging__Format"] = "json" });
        return (served, https);
    }

    /// <summary>A new loopback server certificate from the dev root CA (a renewal), as an operator's tooling would make it.</summary>
    private static (string CertificatePem, string KeyPem) IssueServerCertificate(string data)
    {
        using var ca = X509Certificate2.CreateFromPemFile(Path.Combine(data, "dev-root-ca.pem"), Path.Combine(data, "dev-root-ca.key.pem"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=renewed", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var caKey = ca.GetRSAPrivateKey()!;
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(12));
        return (issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task<X509Certificate2> HandshakeAsync(int port, string rootCa)
    {
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(rootCa);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { anchors[0] }, RevocationMode = X509RevocationMode.NoCheck },
        }, TestContext.Current.CancellationToken);
        return new X509Certificate2(tls.RemoteCertificate!);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(300));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

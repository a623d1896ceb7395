using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using ReferenceTsa.Hsm.Tests.Support;

namespace ReferenceTsa.Hsm.Tests;

/// <summary>
/// The start-up gate, through the real executable: `serve --config` exits 78 naming the setting when the TSU key
/// could leave the token, when it is not the certificate's, or when the PIN is wrong; the PIN never appears in output.
/// </summary>
public sealed class StartupGateTests : IDisposable
{
    private readonly SoftHsmToken _token = new();

    [Theory]
    [InlineData(true, true, "CKA_EXTRACTABLE is true")]
    [InlineData(false, false, "CKA_SENSITIVE is false")]
    [InlineData(true, false, "CKA_NEVER_EXTRACTABLE is false")]
    public void A_key_that_can_leave_the_token_stops_start_up(bool extractable, bool sensitive, string expected)
    {
        byte[] spki = TokenTamper.CreateWeakKey(_token, "weak", extractable, sensitive);
        var (ca, _) = SoftHsmToken.NewCa(_token.Root);
        using var __ = ca;
        using var certificate = SoftHsmToken.IssueFor(ca, spki, "Weak TSU");
        string config = HsmTsa.WriteConfiguration(_token, "weak", "ecdsa", "SHA256", certificate, pinFromEnvironment: true);

        var result = Tools.ReferenceTsa(["serve", "--config", config, "--urls", "http://127.0.0.1:0"], _token.Environment);

        Assert.True(result.ExitCode == 78, result.ToString());
        Assert.Contains("Tsa:Tsus:tsu:Key:", result.Stderr);
        Assert.Contains(expected, result.Stderr);
        Assert.Contains("must not be a TSU key", result.Stderr);
        Assert.DoesNotContain(_token.Pin, result.All);
    }

    [Fact]
    public void A_token_key_that_is_not_the_certificates_stops_start_up()
    {
        _token.Generate("tsu", "ecdsa-p256");
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (ca, _) = SoftHsmToken.NewCa(_token.Root);
        using var __ = ca;
        using var certificate = SoftHsmToken.IssueFor(ca, other.ExportSubjectPublicKeyInfo(), "Other TSU");
        string config = HsmTsa.WriteConfiguration(_token, "tsu", "ecdsa", "SHA256", certificate, pinFromEnvironment: true);

        var result = Tools.ReferenceTsa(["serve", "--config", config, "--urls", "http://127.0.0.1:0"], _token.Environment);

        Assert.True(result.ExitCode == 78, result.ToString());
        Assert.Contains("Tsa:Tsus:tsu:Key: the key PKCS#11 key 'tsu'", result.Stderr);
        Assert.Contains("does not belong to the certificate", result.Stderr);
    }

    [Fact]
    public void A_wrong_pin_stops_start_up_naming_the_pin_setting_without_showing_it()
    {
        _token.Generate("tsu", "ecdsa-p256");
        var (ca, _) = SoftHsmToken.NewCa(_token.Root);
        using var __ = ca;
        string config = HsmTsa.WriteConfiguration(_token, "tsu", "ecdsa", "SHA256",
            SoftHsmToken.IssueFor(ca, ReadSpki(), "TSU"), pinFromEnvironment: true);
        var environment = _token.Environment;
        environment[SoftHsmToken.PinVariable] = "wrong-pin-0123456789";

        var result = Tools.ReferenceTsa(["serve", "--config", config, "--urls", "http://127.0.0.1:0"], environment);

        Assert.True(result.ExitCode == 78, result.ToString());
        Assert.Contains("Tsa:Tsus:tsu:Key:PinEnvironmentVariable: login to token 'tsa-test'", result.Stderr);
        Assert.Contains("CKR_PIN_INCORRECT", result.Stderr);
        Assert.DoesNotContain("wrong-pin-0123456789", result.All);
    }

    [Fact]
    public async Task The_server_starts_on_a_good_hsm_key_reports_it_and_never_prints_the_pin()
    {
        byte[] spki = _token.Generate("tsu", "rsa-3072");
        var (ca, rootPem) = SoftHsmToken.NewCa(_token.Root);
        using var __ = ca;
        using var certificate = SoftHsmToken.IssueFor(ca, spki, "TSU");
        string config = HsmTsa.WriteConfiguration(_token, "tsu", "rsa-pkcs1", "SHA256", certificate, pinFromEnvironment: true);
        int port = FreePort();

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "ReferenceTsa.dll"), "serve", "--config", config, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in _token.Environment)
        {
            start.Environment[k] = v;
        }

        using var server = Process.Start(start)!;
        var stdout = server.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = server.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string readiness;
        byte[] response;
        try
        {
            using var http = new HttpClient();
            readiness = await WaitReadyAsync(http, port);
            var request = Rfc3161TimestampRequest.CreateFromHash(RandomNumberGenerator.GetBytes(32), HashAlgorithmName.SHA256, requestSignerCertificates: true);
            using var content = new ByteArrayContent(request.Encode());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
            using var reply = await http.PostAsync($"http://127.0.0.1:{port}/tsa", content, TestContext.Current.CancellationToken);
            response = await reply.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        Assert.Contains("\"keyProtection\":\"hsm\"", readiness);
        Assert.Contains("\"connected\":true", readiness);
        Assert.DoesNotContain("software key", readiness);
        Assert.True(HsmTsa.Parse(response, DateTimeOffset.UtcNow).Granted);
        string output = await stdout + await stderr;
        Assert.Contains("signs with PKCS#11 key 'tsu'", output);
        Assert.DoesNotContain(_token.Pin, output);
        Assert.DoesNotContain(_token.Pin, File.ReadAllText(_token.EventsPath));
        Assert.DoesNotContain(_token.Pin, readiness);
    }

    private byte[] ReadSpki()
    {
        var pem = File.ReadAllText(Path.Combine(_token.Root, "tsu.pub.pem"));
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task<string> WaitReadyAsync(HttpClient http, int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await http.GetStringAsync($"http://127.0.0.1:{port}/readyz", TestContext.Current.CancellationToken);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
    }

    public void Dispose() => _token.Dispose();
}

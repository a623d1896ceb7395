using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Configuration;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// The deployment examples of docs/deployment.md as they are in the repository: Debian's nginx runs
/// reference-tsa/deploy/nginx/reference-tsa.conf (only ports and certificate paths replaced), terminates TLS and
/// proxies to the TSA; systemd-analyze accepts the systemd unit without a warning.
/// </summary>
public sealed class DeploymentExampleTests : IAsyncLifetime
{
    private LoggedEmbeddedTsa _tsa = null!;

    public async ValueTask InitializeAsync() => _tsa = await LoggedEmbeddedTsa.StartAsync("tsa-deploy-", TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _tsa.DisposeAsync();

    private static string Example(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "reference-tsa", "deploy", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"reference-tsa/deploy/{relative} not found above {AppContext.BaseDirectory}");
    }

    private static string Replace(string text, string example, string actual)
    {
        Assert.True(text.Contains(example, StringComparison.Ordinal), $"the example no longer contains '{example}'");
        return text.Replace(example, actual, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nginx_with_the_example_configuration_terminates_tls_and_the_tsa_grants_behind_it()
    {
        const string Nginx = "/usr/sbin/nginx";
        Assert.True(File.Exists(Nginx), "nginx is not installed (scripts/install-test-dependencies.sh installs it)");
        int https = FreePort();
        var backend = _tsa.BaseAddress;
        string site = File.ReadAllText(Example("nginx/reference-tsa.conf"));
        site = Replace(site, "server 127.0.0.1:8318;", $"server 127.0.0.1:{backend.Port};");
        site = Replace(site, "listen 443 ssl http2;", $"listen 127.0.0.1:{https} ssl http2;");
        site = Replace(site, "/etc/reference-tsa/tls/fullchain.pem", Path.Combine(_tsa.Directory, EmbeddedDefault.TlsCertificateFileName));
        site = Replace(site, "/etc/reference-tsa/tls/privkey.pem", Path.Combine(_tsa.Directory, EmbeddedDefault.TlsKeyFileName));
        string nginxDirectory = Path.Combine(_tsa.Directory, "nginx");
        Directory.CreateDirectory(nginxDirectory);
        File.WriteAllText(Path.Combine(nginxDirectory, "site.conf"), site);
        // The example is a server block for Debian's http {} context; this minimal main file stands in for /etc/nginx/nginx.conf.
        File.WriteAllText(Path.Combine(nginxDirectory, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            pid {{nginxDirectory}}/nginx.pid;
            error_log {{nginxDirectory}}/error.log info;
            events { worker_connections 64; }
            http {
                access_log {{nginxDirectory}}/access.log;
                client_body_temp_path {{nginxDirectory}}/body;
                proxy_temp_path {{nginxDirectory}}/proxy;
                fastcgi_temp_path {{nginxDirectory}}/fastcgi;
                uwsgi_temp_path {{nginxDirectory}}/uwsgi;
                scgi_temp_path {{nginxDirectory}}/scgi;
                include {{nginxDirectory}}/site.conf;
            }
            """);
        var start = new ProcessStartInfo(Nginx, ["-p", nginxDirectory, "-c", Path.Combine(nginxDirectory, "nginx.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var nginx = Process.Start(start)!;
        try
        {
            var root = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_tsa.Directory, EmbeddedDefault.RootCaFileName));
            using var http = new HttpClient(new SocketsHttpHandler
            {
                SslOptions =
                {
                    CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { root }, RevocationMode = X509RevocationMode.NoCheck },
                },
            })
            { Timeout = TimeSpan.FromSeconds(10) };
            var front = new Uri($"https://127.0.0.1:{https}/");
            await WaitUntilAnswersAsync(http, new Uri(front, "healthz"), nginx);

            using var content = new ByteArrayContent(new RequestBuilder().Encode());
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/timestamp-query");
            using var response = await http.PostAsync(new Uri(front, "qtsa"), content, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType?.MediaType);
            var decoded = DecodedResponse.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, decoded.Status);
            Assert.NotNull(decoded.Token);

            // Monitoring endpoints stay off the public side.
            using var metrics = await http.GetAsync(new Uri(front, "metrics"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);

            // The TSA saw the request come from nginx, with the client's address forwarded.
            var access = Assert.Single(_tsa.Log.Entries, e => e.Category == "ReferenceTsa.Access" && Equals(Field(e, "Endpoint"), "/qtsa"));
            Assert.Equal("127.0.0.1", Field(access, "ForwardedFor"));
            Assert.Equal("Granted", Field(access, "PkiStatus"));
        }
        finally
        {
            nginx.Kill();
            await nginx.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Systemd_accepts_the_example_unit_without_a_warning()
    {
        const string Analyze = "/usr/bin/systemd-analyze";
        if (!File.Exists(Analyze))
        {
            Assert.Skip("systemd-analyze is not installed (package systemd); the unit cannot be checked here");
        }

        string unit = Path.Combine(_tsa.Directory, "reference-tsa.service");
        File.Copy(Example("systemd/reference-tsa.service"), unit);
        using var process = Process.Start(new ProcessStartInfo(Analyze, ["verify", unit]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        string output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)
                        + await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0 && output.Trim().Length == 0, $"systemd-analyze verify: exit {process.ExitCode}\n{output}");
        Assert.Contains("ExecReload=/bin/kill -HUP $MAINPID", File.ReadAllText(unit));
    }

    private static object? Field(CapturedLog.Entry entry, string name) => entry.State.Single(kv => kv.Key == name).Value;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilAnswersAsync(HttpClient http, Uri url, Process nginx)
    {
        for (int i = 0; i < 100; i++)
        {
            Assert.False(nginx.HasExited, $"nginx exited: {(nginx.HasExited ? await nginx.StandardError.ReadToEndAsync() : "")}");
            try
            {
                using var response = await http.GetAsync(url, TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"nginx did not proxy {url} within 10 s");
    }
}

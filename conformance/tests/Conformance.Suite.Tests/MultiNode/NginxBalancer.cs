using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Conformance.Suite.Tests.MultiNode;

/// <summary>
/// Debian's nginx as the load balancer in front of several served reference-TSA nodes: one plain-HTTP and one HTTPS
/// listener on loopback (TLS terminated with a server certificate the test issues), round-robin to the nodes. A
/// time-stamp request may be sent to the next node when one does not answer (proxy_next_upstream with
/// non_idempotent): a repeated request only gets a new token with a new serial. Runs in the foreground as a child
/// process and is stopped on dispose.
/// </summary>
public sealed class NginxBalancer : IDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _directory;

    private NginxBalancer(Process process, string directory, int httpPort, int httpsPort)
    {
        _process = process;
        _directory = directory;
        HttpBase = new Uri($"http://127.0.0.1:{httpPort}/");
        HttpsBase = new Uri($"https://127.0.0.1:{httpsPort}/");
    }

    public Uri HttpBase { get; }

    public Uri HttpsBase { get; }

    public string ErrorLog => File.Exists(Path.Combine(_directory, "error.log")) ? File.ReadAllText(Path.Combine(_directory, "error.log")) : "";

    public static async Task<NginxBalancer> StartAsync(IReadOnlyList<Uri> nodes, string certificatePem, string keyPem, CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: apt-get install nginx (scripts/install-test-dependencies.sh does this)");
        }

        string directory = Directory.CreateTempSubdirectory("tsa-nginx-").FullName;
        File.WriteAllText(Path.Combine(directory, "tls.pem"), certificatePem);
        File.WriteAllText(Path.Combine(directory, "tls.key"), keyPem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(directory, "tls.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        int httpPort = FreePort.Next();
        int httpsPort = FreePort.Next();
        File.WriteAllText(Path.Combine(directory, "nginx.conf"), Configuration(directory, nodes, httpPort, httpsPort));

        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", Path.Combine(directory, "error.log") })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var balancer = new NginxBalancer(process, directory, httpPort, httpsPort);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process.HasExited)
            {
                string output = await process.StandardError.ReadToEndAsync(cancellationToken);
                balancer.Dispose();
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {output}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(balancer.HttpBase, "healthz"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return balancer;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        string log = balancer.ErrorLog;
        balancer.Dispose();
        throw new InvalidOperationException($"nginx did not answer within 20 s: {log}");
    }

    /// <summary>The configuration docs/deployment.md shows, with the test's ports and paths.</summary>
    private static string Configuration(string directory, IReadOnlyList<Uri> nodes, int httpPort, int httpsPort)
    {
        var text = new StringBuilder();
        // Run as root the workers would lose access to the 0700 temporary folder; outside root the line is ignored.
        text.Append(Environment.UserName == "root" ? "user root;\n" : "");
        text.Append(CultureInfo.InvariantCulture, $$"""
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log {{directory}}/access.log;
                client_body_temp_path {{directory}}/client-body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                upstream reference_tsa {

            """);
        foreach (var node in nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"        server {node.Host}:{node.Port} max_fails=1 fail_timeout=2s;\n");
        }

        text.Append(CultureInfo.InvariantCulture, $$"""
                    keepalive 16;
                }
                server {
                    listen 127.0.0.1:{{httpPort}};
                    listen 127.0.0.1:{{httpsPort}} ssl;
                    ssl_certificate {{directory}}/tls.pem;
                    ssl_certificate_key {{directory}}/tls.key;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    client_max_body_size 16k;
                    location / {
                        proxy_pass http://reference_tsa;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_connect_timeout 1s;
                        proxy_read_timeout 30s;
                        proxy_next_upstream error timeout non_idempotent;
                        proxy_next_upstream_tries 3;
                    }
                }
            }

            """);
        return text.ToString();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

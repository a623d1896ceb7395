using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Conformance.Runner.Tests.Infrastructure;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 built on a TcpListener, so tests can make it misbehave in ways a web framework
/// would not allow: garbage, silence, huge bodies, abrupt closes.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ReceivedRequest, Stream, CancellationToken, Task> _respond;
    private readonly X509Certificate2? _tlsCertificate;
    private readonly bool _requireClientCertificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    /// <param name="tlsCertificate">When set, the server speaks HTTPS with this certificate.</param>
    /// <param name="requireClientCertificate">Mutual TLS: refuse clients without a certificate.</param>
    public LoopbackHttpServer(
        Func<ReceivedRequest, Stream, CancellationToken, Task> respond, X509Certificate2? tlsCertificate = null, bool requireClientCertificate = false)
    {
        _respond = respond;
        _tlsCertificate = tlsCertificate;
        _requireClientCertificate = requireClientCertificate;
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public Uri BaseAddress => new($"{(_tlsCertificate is null ? "http" : "https")}://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Subject of the last client certificate presented over TLS.</summary>
    public string? LastClientCertificateSubject { get; private set; }

    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Answers every request with the given status, content type and body.</summary>
    public static LoopbackHttpServer Answering(int status, string contentType, byte[] body) =>
        new(async (_, stream, ct) => await WriteResponseAsync(stream, status, contentType, body, ct));

    /// <summary>Answers every request with <paramref name="respond"/>(request body).</summary>
    public static LoopbackHttpServer Serving(
        Func<byte[], (int Status, string ContentType, byte[] Body)> respond, X509Certificate2? tlsCertificate = null, bool requireClientCertificate = false) =>
        new(async (request, stream, ct) =>
        {
            var (status, type, body) = respond(request.Body);
            await WriteResponseAsync(stream, status, type, body, ct);
        }, tlsCertificate, requireClientCertificate);

    public static async Task WriteResponseAsync(Stream stream, int status, string contentType, byte[] body, CancellationToken ct)
    {
        string head = $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        Stream stream = client.GetStream();
                        if (_tlsCertificate is not null)
                        {
                            var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, certificate, _, _) =>
                            {
                                LastClientCertificateSubject = certificate?.Subject;
                                return true; // the test decides what a presented certificate means
                            });
                            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                            {
                                ServerCertificate = _tlsCertificate,
                                ClientCertificateRequired = _requireClientCertificate,
                            }, _stop.Token);
                            if (_requireClientCertificate && tls.RemoteCertificate is null)
                            {
                                return;
                            }

                            stream = tls;
                        }

                        ReceivedRequest? request = await ReadRequestAsync(stream, _stop.Token);
                        if (request is null)
                        {
                            return;
                        }

                        Interlocked.Increment(ref _requests);
                        await _respond(request, stream, _stop.Token);
                    }
                    catch (Exception)
                    {
                        // The client went away or the test is over: nothing to do.
                    }
                }
            });
        }
    }

    private static async Task<ReceivedRequest?> ReadRequestAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            int n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n')
            {
                break;
            }

            if (n > 64 * 1024 || (n == 1 && one[0] == 0x16))
            {
                return null; // not HTTP (e.g. a TLS ClientHello): drop the connection
            }
        }

        string head = Encoding.ASCII.GetString([.. buffer]);
        string[] lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string[] requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        int length = headers.TryGetValue("Content-Length", out string? value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        byte[] body = new byte[length];
        await stream.ReadExactlyAsync(body, ct);
        return new ReceivedRequest(requestLine[0], requestLine[1], headers, body);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}

public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

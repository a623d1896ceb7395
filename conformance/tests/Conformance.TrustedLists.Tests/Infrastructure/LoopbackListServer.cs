using System.Net;
using System.Net.Sockets;

namespace Conformance.TrustedLists.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP server on a free 127.0.0.1 port serving fixed documents with an ETag, answering 304 to a matching
/// If-None-Match, and recording the conditional headers it received. Stops when disposed.
/// </summary>
internal sealed class LoopbackListServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _documents = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackListServer()
    {
        int port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseUrl { get; }
    public List<(string Path, string? IfNoneMatch, int Status)> Requests { get; } = [];

    public void Serve(string path, byte[] content)
    {
        lock (_documents)
        {
            _documents[path] = content;
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            string path = context.Request.Url!.AbsolutePath;
            byte[]? content;
            lock (_documents)
            {
                _documents.TryGetValue(path, out content);
            }

            string? ifNoneMatch = context.Request.Headers["If-None-Match"];
            int status;
            if (content is null)
            {
                status = 404;
            }
            else
            {
                string etag = $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content))[..16]}\"";
                context.Response.Headers["ETag"] = etag;
                status = ifNoneMatch == etag ? 304 : 200;
            }

            lock (Requests)
            {
                Requests.Add((path, ifNoneMatch, status));
            }

            context.Response.StatusCode = status;
            if (status == 200)
            {
                context.Response.ContentType = "application/vnd.etsi.tsl+xml";
                await context.Response.OutputStream.WriteAsync(content);
            }

            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}

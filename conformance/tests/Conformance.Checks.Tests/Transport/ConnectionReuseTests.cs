using System.Net;
using System.Net.Sockets;
using System.Text;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Tests.Transport;

/// <summary>
/// A server that closes the connection after each response without saying "Connection: close" (uts-server does, as do
/// HTTP/1.0 servers): the client must not file the stale pooled connection as a target error, but send the request again
/// on a fresh connection, as curl and browsers do, and note that it did.
/// </summary>
public sealed class ConnectionReuseTests
{
    /// <summary>
    /// Loopback HTTP/1.1 server: answers one request per connection with Content-Length and no Connection header, keeps
    /// the socket open for <paramref name="lingerMs"/> (so the client pools it) and then closes it without reading more.
    /// </summary>
    private sealed class CloseAfterResponseServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _connections;

        public CloseAfterResponseServer(int lingerMs)
        {
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try
                    {
                        client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _connections);
                    _ = Task.Run(() => ServeOneAsync(client, lingerMs));
                }
            });
        }

        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/tsa");

        public int Connections => Volatile.Read(ref _connections);

        private static async Task ServeOneAsync(TcpClient client, int lingerMs)
        {
            using (client)
            {
                NetworkStream stream = client.GetStream();
                var buffer = new byte[8192];
                var received = new MemoryStream();
                int headerEnd = -1;
                while (headerEnd < 0)
                {
                    int n = await stream.ReadAsync(buffer);
                    if (n == 0)
                    {
                        return;
                    }

                    received.Write(buffer, 0, n);
                    headerEnd = Encoding.ASCII.GetString(received.ToArray()).IndexOf("\r\n\r\n", StringComparison.Ordinal);
                }

                string head = Encoding.ASCII.GetString(received.ToArray(), 0, headerEnd);
                int length = head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                while (received.Length < headerEnd + 4 + length)
                {
                    int n = await stream.ReadAsync(buffer);
                    if (n == 0)
                    {
                        return;
                    }

                    received.Write(buffer, 0, n);
                }

                byte[] body = [0x30, 0x03, 0x02, 0x01, 0x02];
                byte[] response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {body.Length}\r\n\r\n");
                await stream.WriteAsync(response);
                await stream.WriteAsync(body);
                await stream.FlushAsync();
                await Task.Delay(lingerMs);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task Requests_to_a_server_that_closes_after_each_response_all_get_their_answer()
    {
        await using var server = new CloseAfterResponseServer(lingerMs: 300);
        using var client = new TsaHttpClient(new TsaHttpOptions { ConnectTimeout = TimeSpan.FromSeconds(5), RequestTimeout = TimeSpan.FromSeconds(5) });
        var exchanges = new List<HttpExchange>();
        for (int i = 0; i < 6; i++)
        {
            exchanges.Add(await client.SendAsync(HttpMethod.Post, server.Url, TsaMediaTypes.Query, new byte[] { 0x30, 0x00 }, null, $"r{i}", TestContext.Current.CancellationToken));
            // Let the server's close overtake the pooled connection for some requests, not for others.
            await Task.Delay(i % 2 == 0 ? 20 : 400, TestContext.Current.CancellationToken);
        }

        Assert.All(exchanges, e => Assert.Equal(HttpStatusCode.OK, e.StatusCode));
        Assert.All(exchanges, e => Assert.Equal(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x02 }, e.Body.ToArray()));
        Assert.Equal(6, server.Connections);
        // The requests sent on a connection the server had already given up are the ones retried, and they say so.
        Assert.Contains(exchanges, e => e.RetriedOnFreshConnection);
    }
}

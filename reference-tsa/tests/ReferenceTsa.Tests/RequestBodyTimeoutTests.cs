using System.Globalization;
using System.Net.Sockets;
using System.Numerics;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Microsoft.Extensions.Logging;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Request bodies that do not arrive (issue #14): slower than Kestrel's minimum data rate, stalled, or declared and
/// never sent, get HTTP 408 with Connection: close (never 200 with an empty body), are counted in /metrics and
/// logged, and leave no Kestrel warning behind. Every request has one access-log line.
/// </summary>
public sealed class RequestBodyTimeoutTests : IAsyncLifetime
{
    private LoggedEmbeddedTsa _tsa = null!;

    public async ValueTask InitializeAsync() => _tsa = await LoggedEmbeddedTsa.StartAsync("tsa-body-", TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _tsa.DisposeAsync();

    private Uri Base => _tsa.BaseAddress;

    public enum Body
    {
        Slow,
        Stalled,
        Absent,
    }

    [Theory]
    [InlineData(Body.Slow)]
    [InlineData(Body.Stalled)]
    [InlineData(Body.Absent)]
    public async Task A_body_that_does_not_arrive_gets_408_with_connection_close_is_counted_and_logged(Body body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Base.Host, Base.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /tsa HTTP/1.1\r\nHost: tsa\r\nContent-Type: application/timestamp-query\r\nContent-Length: 300\r\n\r\n"), TestContext.Current.CancellationToken);
        var started = DateTimeOffset.UtcNow;
        var reading = ReadToEndAsync(stream);
        if (body == Body.Stalled)
        {
            await stream.WriteAsync(new byte[60], TestContext.Current.CancellationToken);
        }
        else if (body == Body.Slow)
        {
            // One byte a second: far below the 240 bytes/s minimum, but never silent for long.
            for (int i = 0; i < 30 && !reading.IsCompleted; i++)
            {
                try
                {
                    await stream.WriteAsync(new byte[1], TestContext.Current.CancellationToken);
                }
                catch (IOException)
                {
                    break;
                }

                await Task.WhenAny(reading, Task.Delay(1000, TestContext.Current.CancellationToken));
            }
        }

        string answer = await reading.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.StartsWith("HTTP/1.1 408", answer);
        Assert.Contains("Connection: close", answer);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(20), $"408 came after {DateTimeOffset.UtcNow - started}");

        using var http = new HttpClient();
        string metrics = await http.GetStringAsync(new Uri(Base, "metrics"), TestContext.Current.CancellationToken);
        Assert.Contains("tsa_request_body_failures_total{reason=\"timeout\"} 1\n", metrics);
        await WaitForAsync(() => _tsa.Log.Entries.Any(e => e.Category == "ReferenceTsa.Access"));
        var entries = _tsa.Log.Entries;
        Assert.Contains(entries, e => e.Category == "ReferenceTsa.Http" && e.Level == LogLevel.Warning && e.Message.Contains("HTTP 408", StringComparison.Ordinal));
        var access = Assert.Single(entries, e => e.Category == "ReferenceTsa.Access");
        Assert.Equal(408, Field(access, "HttpStatus"));
        Assert.DoesNotContain(entries, e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_granted_request_has_one_access_log_line_with_client_endpoint_status_and_the_tokens_serial()
    {
        using var http = new HttpClient();
        using var content = new ByteArrayContent(new RequestBuilder().Encode());
        content.Headers.ContentType = new("application/timestamp-query");
        using var response = await http.PostAsync(new Uri(Base, "qtsa"), content, TestContext.Current.CancellationToken);
        var decoded = DecodedResponse.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.True(Rfc3161TimestampToken.TryDecode(decoded.Token, out var token, out _));
        var serial = new BigInteger(token!.TokenInfo.GetSerialNumber().Span, isUnsigned: true, isBigEndian: true);

        await WaitForAsync(() => _tsa.Log.Entries.Any(e => e.Category == "ReferenceTsa.Access"));
        var access = Assert.Single(_tsa.Log.Entries, e => e.Category == "ReferenceTsa.Access");
        Assert.Equal("127.0.0.1", Field(access, "Client"));
        Assert.Equal("/qtsa", Field(access, "Endpoint"));
        Assert.Equal(200, Field(access, "HttpStatus"));
        Assert.Equal("Granted", Field(access, "PkiStatus"));
        Assert.Equal("-", Field(access, "FailInfo"));
        Assert.Equal(serial, BigInteger.Parse("0" + (string)Field(access, "Serial")!, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Assert.True((double)Field(access, "DurationMs")! > 0);
    }

    private static object? Field(CapturedLog.Entry entry, string name) => entry.State.Single(kv => kv.Key == name).Value;

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 50 && !condition(); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what was received is what counts.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Conformance.Checks.Evidence;
using Conformance.Checks.Transport;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Checks.Tests.Transport;

public sealed class TransportTests
{
    [Fact]
    public async Task The_rate_limit_spaces_requests_across_concurrent_callers()
    {
        var arrivals = new ConcurrentQueue<long>();
        await using var server = new LoopbackHttpServer(async (_, stream, ct) =>
        {
            arrivals.Enqueue(Stopwatch.GetTimestamp());
            await LoopbackHttpServer.WriteResponseAsync(stream, 200, "text/plain", [], ct);
        });
        using var client = new TsaHttpClient(new TsaHttpOptions { MaxRequestsPerSecond = 10 });

        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.SendAsync(HttpMethod.Post, server.BaseAddress, TsaMediaTypes.Query, new byte[] { 1 }, null, "rate", TestContext.Current.CancellationToken)));

        Assert.Equal(6, server.RequestCount);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(450), $"6 requests at 10/s took only {stopwatch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Basic_auth_and_custom_headers_are_sent_and_the_transcript_redacts_credentials()
    {
        ReceivedRequest? seen = null;
        await using var server = new LoopbackHttpServer(async (request, stream, ct) =>
        {
            seen = request;
            await LoopbackHttpServer.WriteResponseAsync(stream, 200, "text/plain", [], ct);
        });
        using var temp = new TempDirectory();
        var evidence = new EvidenceStore(temp.Path);
        using var client = new TsaHttpClient(new TsaHttpOptions
        {
            BasicUser = "auditor",
            BasicPassword = "pa55",
            Headers = new Dictionary<string, string> { ["X-Api-Key"] = "k-123" },
        });

        HttpExchange exchange = await client.SendAsync(HttpMethod.Post, server.BaseAddress, TsaMediaTypes.Query, new byte[] { 1, 2 }, evidence, "auth", TestContext.Current.CancellationToken);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("auditor:pa55")), seen!.Headers["Authorization"]);
        Assert.Equal("k-123", seen.Headers["X-Api-Key"]);
        Assert.Equal(TsaMediaTypes.Query, seen.Headers["Content-Type"]);
        Assert.Equal(new byte[] { 1, 2 }, seen.Body);
        string transcript = File.ReadAllText(Path.Combine(temp.Path, exchange.EvidenceFiles.Single(f => f.EndsWith(".txt", StringComparison.Ordinal))));
        Assert.Contains("Authorization: (redacted)", transcript);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("auditor:pa55")), transcript);
        Assert.Contains("X-Api-Key: k-123", transcript);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Numerics;
using System.Security.Cryptography;
using Conformance.Checks.Protocol;

namespace Conformance.Suite.Tests.MultiNode;

/// <summary>A token one client received: its serial, SHA-256 of the token (ContentInfo) and when the request was sent.</summary>
public sealed record ReceivedToken(BigInteger Serial, string TokenSha256, TimeSpan Sent);

/// <summary>
/// Several independent clients (each with its own connections) posting time-stamp requests to a load balancer until
/// stopped. Every answer is decoded by the suite's own strict decoder; a granted token must echo the request's
/// imprint and nonce. What each client received is kept for the assertions on serials and the evidence log.
/// </summary>
public sealed class ClusterLoad(IReadOnlyList<Uri> endpoints, Stopwatch clock)
{
    private int _rejections;
    private int _transportErrors;

    public ConcurrentQueue<ReceivedToken> Tokens { get; } = new();

    /// <summary>Answers that are wrong whatever the fault: undecodable, a token for another request, an unexpected failInfo.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>When each refusal's request was sent, to show that nothing was granted while the database was down.</summary>
    public ConcurrentQueue<(TimeSpan Sent, string What)> Refusals { get; } = new();

    public int Granted => Tokens.Count;

    public int Rejections => Volatile.Read(ref _rejections);

    public int TransportErrors => Volatile.Read(ref _transportErrors);

    public Task RunAsync(int clients, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => ClientAsync(endpoints[i % endpoints.Count], stop), CancellationToken.None)));

    private async Task ClientAsync(Uri endpoint, CancellationToken stop)
    {
        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3), PooledConnectionLifetime = TimeSpan.FromSeconds(20) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
        while (!stop.IsCancellationRequested)
        {
            var request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { Nonce = TimeStampRequest.RandomNonce(64) };
            var sent = clock.Elapsed;
            byte[] answer;
            try
            {
                using var content = new ByteArrayContent(request.Encode());
                content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/timestamp-query");
                using var response = await http.PostAsync(endpoint, content, CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _transportErrors);
                    Refusals.Enqueue((sent, $"HTTP {(int)response.StatusCode}"));
                    continue;
                }

                answer = await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _transportErrors);
                Refusals.Enqueue((sent, e.GetType().Name));
                await Task.Delay(50, CancellationToken.None);
                continue;
            }

            Judge(request, answer, sent, endpoint);
        }
    }

    private void Judge(TimeStampRequest request, byte[] answer, TimeSpan sent, Uri endpoint)
    {
        if (!TimeStampResponse.TryDecode(answer, out var response, out string? error))
        {
            Violations.Enqueue($"{endpoint}: undecodable TimeStampResp: {error}");
            return;
        }

        if (!response!.IsGranted)
        {
            Interlocked.Increment(ref _rejections);
            string failInfo = response.FailInfo?.ToString() ?? "no failInfo";
            Refusals.Enqueue((sent, failInfo));
            if (response.FailInfo != PkiFailureInfo.SystemFailure)
            {
                // Only the faults of this test may refuse a valid request, and they do so with systemFailure.
                Violations.Enqueue($"{endpoint}: a valid request was refused with {failInfo}: {string.Join("; ", response.StatusStrings)}");
            }

            return;
        }

        var tst = response.Token?.TstInfo;
        if (tst is null || response.TokenBytes is not { } tokenBytes)
        {
            Violations.Enqueue($"{endpoint}: granted without a decodable token: {response.TokenError}");
            return;
        }

        if (!tst.HashedMessage.Span.SequenceEqual(request.HashedMessage.Span) || tst.Nonce != request.Nonce)
        {
            Violations.Enqueue($"{endpoint}: token serial {tst.SerialNumber:X} answers another request (imprint or nonce differ)");
            return;
        }

        Tokens.Enqueue(new ReceivedToken(tst.SerialNumber, Convert.ToHexString(SHA256.HashData(tokenBytes.Span)), sent));
    }
}

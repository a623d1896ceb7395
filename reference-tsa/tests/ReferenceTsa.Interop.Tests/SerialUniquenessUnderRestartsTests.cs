using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Numerics;
using System.Security.Cryptography;
using ReferenceTsa.Interop.Tests.Support;

namespace ReferenceTsa.Interop.Tests;

[CollectionDefinition(nameof(SerialUniquenessCollection), DisableParallelization = true)]
public sealed class SerialUniquenessCollection;

/// <summary>
/// Issue acceptance: "Across three restarts of the server under traffic, 30,000 tokens carry no repeated serial number".
/// The TSA runs as a real process (`dotnet ReferenceTsa.dll serve`) and is killed (SIGKILL) or stopped (SIGTERM) while
/// four workers keep requesting tokens from /tsa and /qtsa.
/// </summary>
[Collection(nameof(SerialUniquenessCollection))]
public sealed class SerialUniquenessUnderRestartsTests(ITestOutputHelper output)
{
    private const int TargetTokens = 30_000;
    private const int Workers = 4;
    private static readonly TimeSpan OverallTimeout = TimeSpan.FromMinutes(4);

    /// <summary>After this many granted tokens the server is restarted, in this way.</summary>
    private static readonly (int After, bool Graceful)[] Restarts = [(7_500, false), (15_000, true), (22_500, false)];

    private int _lifetime;
    private int _granted;
    private int _transportErrors;
    private int _inFlight;

    private sealed record Issued(GrantedToken Token, int SentIn, int ReceivedIn);

    [Fact]
    public async Task Thirty_thousand_tokens_across_three_restarts_carry_no_repeated_serial_number()
    {
        using var dir = new TempDirectory("reftsa-serials-");
        string data = dir.File("data");
        (await ToolRunner.RunAsync(Tool.Dotnet, [ServerProcess.ReferenceTsaDll, "dev", "init", "--data", data, "--key-type", "ecdsa-p256"]))
            .Succeeded();
        var baseAddress = new Uri($"http://127.0.0.1:{ServerProcess.FreeLoopbackPort()}/");
        Uri[] endpoints = [new(baseAddress, "tsa"), new(baseAddress, "qtsa")];

        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30), ConnectTimeout = TimeSpan.FromSeconds(5) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(15) };
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var stop = new CancellationTokenSource(OverallTimeout);

        var issued = new ConcurrentBag<Issued>();
        var failures = new ConcurrentQueue<string>();
        var lifetimes = new List<(int Lifetime, int Pid, string How, int ExitCode, TimeSpan Up, int Granted)>();
        var restarts = new List<string>();
        var clock = Stopwatch.StartNew();

        _lifetime = 1;
        var server = await ServerProcess.StartAsync(data, baseAddress, probe);
        var upSince = clock.Elapsed;
        int grantedAtStart = 0;
        Task[] workers = [];
        try
        {
            workers = Enumerable.Range(0, Workers)
                .Select(w => Task.Run(() => WorkAsync(http, endpoints[w % 2], issued, failures, stop.Token), CancellationToken.None))
                .ToArray();

            foreach (var (after, graceful) in Restarts)
            {
                while (Volatile.Read(ref _granted) < after)
                {
                    Assert.False(stop.IsCancellationRequested, $"timed out at {_granted} tokens; failures: {string.Join("; ", failures.Take(5))}");
                    Assert.True(failures.IsEmpty, $"token failures: {string.Join("\n", failures.Take(10))}\nserver output:\n{server.Output}");
                    await Task.Delay(5, CancellationToken.None);
                }

                // Traffic is flowing: the workers have requests in flight while the server goes down.
                int pid = server.Id;
                int errorsBefore = Volatile.Read(ref _transportErrors);
                int inFlight = Volatile.Read(ref _inFlight);
                var downSince = clock.Elapsed;
                int exitCode = graceful ? await server.TerminateAsync() : await server.KillAsync();
                int grantedNow = Volatile.Read(ref _granted);
                lifetimes.Add((_lifetime, pid, graceful ? "SIGTERM" : "SIGKILL", exitCode, clock.Elapsed - upSince, grantedNow - grantedAtStart));
                if (graceful)
                {
                    Assert.True(exitCode == 0, $"graceful stop (SIGTERM) ended with exit code {exitCode}:\n{server.Output}");
                }
                else
                {
                    Assert.True(exitCode == 128 + 9, $"the SIGKILLed server reports exit code {exitCode}, not 137 (killed by signal 9)");
                }

                server.Dispose();
                Interlocked.Increment(ref _lifetime);
                server = await ServerProcess.StartAsync(data, baseAddress, probe);
                upSince = clock.Elapsed;
                grantedAtStart = grantedNow;
                int refused = Volatile.Read(ref _transportErrors) - errorsBefore;
                restarts.Add($"{(graceful ? "SIGTERM" : "SIGKILL")} at {after} tokens: {inFlight} requests in flight at the signal, " +
                             $"down {(upSince - downSince).TotalSeconds:0.0} s, {refused} failed requests retried meanwhile");
                // The workers kept sending while the server was down: the restart happened under traffic.
                Assert.True(refused > 0, $"no request failed across the restart at {after} tokens: was there traffic?");
            }

            await Task.WhenAll(workers);
            lifetimes.Add((_lifetime, server.Id, "running", 0, clock.Elapsed - upSince, Volatile.Read(ref _granted) - grantedAtStart));
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAny(Task.WhenAll(workers), Task.Delay(TimeSpan.FromSeconds(20), CancellationToken.None));
            server.Dispose();
        }

        var elapsed = clock.Elapsed;
        Assert.True(failures.IsEmpty, $"token failures:\n{string.Join("\n", failures.Take(20))}");
        var tokens = issued.ToArray();
        Assert.True(tokens.Length >= TargetTokens, $"only {tokens.Length} tokens");

        output.WriteLine($"{tokens.Length} tokens in {elapsed.TotalSeconds:0.0} s = {tokens.Length / elapsed.TotalSeconds:0} tokens/s overall " +
                         $"({Workers} workers, ecdsa-p256, /tsa and /qtsa), {_transportErrors} transport errors during restarts (retried)");
        foreach (string restart in restarts)
        {
            output.WriteLine(restart);
        }

        foreach (var l in lifetimes)
        {
            output.WriteLine($"lifetime {l.Lifetime}: pid {l.Pid}, up {l.Up.TotalSeconds:0.0} s, {l.Granted} tokens " +
                             $"({l.Granted / Math.Max(l.Up.TotalSeconds, 0.001):0} tokens/s), ended by {l.How}" +
                             (l.How == "running" ? "" : $" with exit code {l.ExitCode}"));
        }

        // Every serial: positive, at most 160 bits (RFC 3161 §2.4.2), and none repeated.
        foreach (var token in tokens)
        {
            Assert.True(token.Token.SerialNumber.Sign > 0, $"serial {token.Token.SerialNumber} is not positive");
            Assert.True(token.Token.SerialNumber.GetBitLength() <= 160, $"serial {token.Token.SerialNumber:X} is longer than 160 bits");
        }

        var duplicates = tokens.GroupBy(t => t.Token.SerialNumber).Where(g => g.Count() > 1).Take(10).ToArray();
        Assert.True(duplicates.Length == 0, "repeated serial numbers: " + string.Join("; ", duplicates.Select(g =>
            $"{g.Key:X} ×{g.Count()} in lifetimes {string.Join(",", g.Select(t => t.ReceivedIn))}")));
        Assert.Equal(tokens.Length, tokens.Select(t => Convert.ToHexString(t.Token.SerialNumberOctets)).Distinct().Count());

        // Tokens came from all four server lifetimes (attributed only when sent and received within the same one).
        var perLifetime = tokens.Where(t => t.SentIn == t.ReceivedIn).GroupBy(t => t.ReceivedIn).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine("tokens per lifetime: " + string.Join(", ", Enumerable.Range(1, 4).Select(l => $"{l}: {perLifetime.GetValueOrDefault(l)}")));
        for (int l = 1; l <= Restarts.Length + 1; l++)
        {
            Assert.True(perLifetime.GetValueOrDefault(l) > 0, $"no tokens from server lifetime {l}");
        }
    }

    private async Task WorkAsync(HttpClient http, Uri url, ConcurrentBag<Issued> issued, ConcurrentQueue<string> failures,
        CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && Volatile.Read(ref _granted) < TargetTokens)
        {
            byte[] imprint = RandomNumberGenerator.GetBytes(32);
            byte[] nonceBytes = RandomNumberGenerator.GetBytes(8);
            var nonce = new BigInteger(nonceBytes, isUnsigned: true, isBigEndian: true);
            using var content = new ByteArrayContent(StrictTimeStampDecoder.EncodeRequest(imprint, nonce, certReq: false));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");

            int sentIn = Volatile.Read(ref _lifetime);
            byte[] body;
            Interlocked.Increment(ref _inFlight);
            try
            {
                using var response = await http.PostAsync(url, content, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    failures.Enqueue($"HTTP {(int)response.StatusCode} from {url}");
                    continue;
                }

                body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException
                                          || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The server is down or went down mid-request: retry, as a client would.
                Interlocked.Increment(ref _transportErrors);
                await Task.Delay(10, CancellationToken.None);
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }

            int receivedIn = Volatile.Read(ref _lifetime);
            try
            {
                var token = StrictTimeStampDecoder.DecodeGranted(body);
                if (!token.MessageImprint.AsSpan().SequenceEqual(imprint) || token.Nonce != nonce)
                {
                    failures.Enqueue($"token for another request: serial {token.SerialNumber:X}");
                    continue;
                }

                issued.Add(new Issued(token, sentIn, receivedIn));
                Interlocked.Increment(ref _granted);
            }
            catch (System.Formats.Asn1.AsnContentException e)
            {
                failures.Enqueue($"undecodable or ungranted response ({e.Message}): {Convert.ToHexString(body)}");
            }
        }
    }
}

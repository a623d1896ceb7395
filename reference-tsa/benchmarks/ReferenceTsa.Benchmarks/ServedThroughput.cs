using System.Diagnostics;
using System.Formats.Asn1;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ReferenceTsa.Benchmarks;

/// <summary>
/// The served reference TSA (`ReferenceTsa serve`, its own process, HTTP/1.1 on loopback) driven by h2load (Debian's
/// nghttp2-client) with one valid request (SHA-256 imprint, certReq), against raw signing with the very key the TSU
/// uses, on all cores, measured just before. Prints granted tokens/s (from the TSA's own /metrics), p50/p99 latency
/// (from h2load's per-request log) and the ratios; the evidence log on disk and on tmpfs in the same run.
/// </summary>
public static partial class ServedThroughput
{
    /// <param name="ConnectionFactor">Runs with this many times the connections given on the command line (deeper group commits).</param>
    /// <summary>
    /// h2load's warm-up before the measured window. Tiered JIT keeps recompiling the request path for the first
    /// seconds under load: a TSA warmed for 20 s served RSA-3072 at about 0.87 of raw, one warmed for 5 s at about 0.8.
    /// </summary>
    private const int WarmUpSeconds = 20;

    private sealed record Setup(string Label, string KeyType, bool Hsm, bool Tmpfs, int ConnectionFactor = 1);

    private sealed record Result(Setup Setup, double Raw, string RawHow, double TokensPerSecond, double Requests, double P50Ms, double P99Ms, long Non2xx,
        double CpuMicrosPerToken, IssuanceCost.Stages? Stages);

    public static async Task<int> RunAsync(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        int connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        if (!File.Exists("/usr/bin/h2load"))
        {
            Console.Error.WriteLine("h2load is not installed: apt-get install nghttp2-client");
            return 69;
        }

        Setup[] setups =
        [
            new("RSA-3072, software key", "rsa-3072", Hsm: false, Tmpfs: false),
            new("RSA-3072, software key, evidence on tmpfs", "rsa-3072", Hsm: false, Tmpfs: true),
            new("ECDSA P-256, software key", "ecdsa-p256", Hsm: false, Tmpfs: false),
            new("ECDSA P-256, software key, evidence on tmpfs", "ecdsa-p256", Hsm: false, Tmpfs: true),
            new("RSA-3072, SoftHSM2", "rsa-3072", Hsm: true, Tmpfs: false),
            // Only in-flight requests can share an fsync: with 4× the connections each group commit can hold 4× the records.
            new("ECDSA P-256, software key, 4× connections", "ecdsa-p256", Hsm: false, Tmpfs: false, ConnectionFactor: 4),
            new("ECDSA P-256, software key, evidence on tmpfs, 4× connections", "ecdsa-p256", Hsm: false, Tmpfs: true, ConnectionFactor: 4),
        ];
        Console.WriteLine($"{Environment.ProcessorCount} cores, h2load HTTP/1.1, {connections} connections (4× where the row says so), {seconds} s after {WarmUpSeconds} s warm-up; "
                          + $"load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var results = new List<Result>();
        foreach (var setup in setups)
        {
            if (setup.Hsm && !File.Exists("/usr/lib/softhsm/libsofthsm2.so"))
            {
                Console.WriteLine($"{setup.Label}: skipped, SoftHSM2 is not installed");
                continue;
            }

            results.Add(await MeasureAsync(setup, seconds, connections * setup.ConnectionFactor));
            var r = results[^1];
            Console.WriteLine($"{r.Setup.Label}: raw {r.Raw:F0}/s ({r.RawHow}), served {r.TokensPerSecond:F0} tokens/s, p50 {r.P50Ms:F1} ms, p99 {r.P99Ms:F1} ms, "
                              + $"ratio {r.TokensPerSecond / r.Raw:F2}, TSA CPU {r.CpuMicrosPerToken:F0} µs/token{(r.Non2xx > 0 ? $", {r.Non2xx} non-2xx" : "")}; "
                              + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            if (r.Stages is { } st)
            {
                Console.WriteLine($"  CPU µs per token without HTTP: signature {st.Sign:F0}, whole issuance (with signature) {st.Issue:F0}, "
                                  + $"evidence JSON {st.EvidenceJson:F1}, durable evidence commit {st.EvidenceCommitPerRecord:F0} per record in batches of {st.Batch}; "
                                  + $"the rest of the served {r.CpuMicrosPerToken:F0} µs (HTTP, Kestrel, threads, access log) "
                                  + $"{r.CpuMicrosPerToken - st.Issue - st.EvidenceJson - st.EvidenceCommitPerRecord:F0}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| key | raw signatures/s (same key, all cores) | granted tokens/s | p50 ms | p99 ms | tokens / raw | TSA CPU µs/token |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Setup.Label} | {r.Raw:F0} | {r.TokensPerSecond:F0} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.TokensPerSecond / r.Raw:F2} | {r.CpuMicrosPerToken:F0} |");
        }

        Console.WriteLine();
        Ratio(results, "RSA-3072, SoftHSM2", "RSA-3072, software key", "SoftHSM RSA-3072 / software-key RSA-3072 TSA");
        Ratio(results, "RSA-3072, software key", "RSA-3072, software key, evidence on tmpfs", "RSA-3072 evidence log on disk / on tmpfs");
        Ratio(results, "ECDSA P-256, software key", "ECDSA P-256, software key, evidence on tmpfs", "P-256 evidence log on disk / on tmpfs");
        Ratio(results, "ECDSA P-256, software key, 4× connections", "ECDSA P-256, software key, evidence on tmpfs, 4× connections",
            $"P-256 evidence log on disk / on tmpfs, {4 * connections} connections");
        Console.WriteLine($"load average at end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return 0;
    }

    /// <summary>`stages [key type] [batch] [parent]`: <see cref="IssuanceCost"/> alone, on a fresh `dev init` with software keys.</summary>
    public static async Task<int> StagesAsync(string[] args)
    {
        string keyType = args.Length > 0 ? args[0] : "ecdsa-p256";
        int batch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        string data = Path.Combine(args.Length > 2 ? args[2] : Path.GetTempPath(), $"reftsa-stages-{Guid.NewGuid():N}");
        try
        {
            var init = await RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "ReferenceTsa.dll"), "dev", "init", "--data", data, "--key-type", keyType, "--software-keys"]);
            if (init.Exit != 0)
            {
                throw new InvalidOperationException($"dev init failed: {init.Output}");
            }

            var st = await IssuanceCost.MeasureAsync(data, TimeStampRequest(), batch, 3);
            Console.WriteLine($"{keyType}, evidence log in {data}: CPU µs per token: signature {st.Sign:F1}, whole issuance (with signature) {st.Issue:F1}, "
                              + $"evidence JSON {st.EvidenceJson:F1}, durable evidence commit {st.EvidenceCommitPerRecord:F1} per record in batches of {st.Batch}; "
                              + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
            return 0;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static void Ratio(List<Result> results, string numerator, string denominator, string what)
    {
        var a = results.FirstOrDefault(r => r.Setup.Label == numerator);
        var b = results.FirstOrDefault(r => r.Setup.Label == denominator);
        if (a is not null && b is not null)
        {
            Console.WriteLine($"{what}: {a.TokensPerSecond / b.TokensPerSecond:F2}");
        }
    }

    private static async Task<Result> MeasureAsync(Setup setup, double seconds, int connections)
    {
        string parent = setup.Tmpfs ? "/dev/shm" : Path.GetTempPath();
        string data = Path.Combine(parent, $"reftsa-served-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        Process? server = null;
        try
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "ReferenceTsa.dll");
            var init = await RunAsync("dotnet", [dll, "dev", "init", "--data", data, "--key-type", setup.KeyType, .. setup.Hsm ? Array.Empty<string>() : ["--software-keys"]]);
            if (init.Exit != 0)
            {
                throw new InvalidOperationException($"dev init failed: {init.Output}");
            }

            var (raw, how) = setup.Hsm ? RawPkcs11(data, seconds) : RawSoftware(data, setup.KeyType, seconds);
            string request = Path.Combine(data, "request.tsq");
            File.WriteAllBytes(request, TimeStampRequest());
            // Stage costs in this process (software keys only: the SoftHSM module is already initialised for the raw rate).
            var stages = setup.Hsm ? null : await IssuanceCost.MeasureAsync(data, File.ReadAllBytes(request), connections, Math.Min(seconds, 3));
            int port = FreePort();
            var logWriter = new StreamWriter(Path.Combine(data, "serve.log"));
            server = StartServer(dll, data, port, logWriter);
            var baseUri = new Uri($"http://127.0.0.1:{port}/");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await WaitHealthyAsync(http, baseUri, server);

            string requestLog = Path.Combine(data, "h2load.tsv");
            double before = await IssuedAsync(http, baseUri);
            server.Refresh();
            var cpuBefore = server.TotalProcessorTime;
            var load = await RunAsync("h2load", ["--h1", "-D", seconds.ToString(CultureInfo.InvariantCulture), "--warm-up-time", WarmUpSeconds.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-t", "1", "-d", request, "-H", "content-type: application/timestamp-query", "--log-file", requestLog, new Uri(baseUri, "tsa").ToString()]);
            double after = await IssuedAsync(http, baseUri);
            server.Refresh();
            var cpu = server.TotalProcessorTime - cpuBefore;
            if (load.Exit != 0)
            {
                throw new InvalidOperationException($"h2load failed: {load.Output}");
            }

            // Tokens granted during the measured window only: h2load's log covers it; /metrics counts the warm-up too.
            var latencies = File.ReadLines(requestLog).Select(l => l.Split('\t')).Where(c => c.Length >= 3)
                .Select(c => (Status: int.Parse(c[1], CultureInfo.InvariantCulture), Micros: double.Parse(c[2], CultureInfo.InvariantCulture))).ToList();
            // h2load's "finished in" includes the warm-up, while its log holds only the measured window's requests.
            double measured = FinishedIn().Match(load.Output) is { Success: true } m ? Seconds(m) - WarmUpSeconds : seconds;
            var sorted = latencies.Select(l => l.Micros).Order().ToList();
            long non2xx = latencies.Count(l => l.Status / 100 != 2);
            double granted = Math.Min(latencies.Count(l => l.Status == 200), after - before);
            await RunAsync("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)]);
            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            lock (logWriter)
            {
                logWriter.Dispose();
            }

            // CPU per token over the whole h2load run (warm-up included) and every token the TSA granted in it.
            double cpuPerToken = cpu.TotalMicroseconds / Math.Max(1, after - before);
            return new Result(setup, raw, how, granted / measured, latencies.Count / measured, Percentile(sorted, 0.50) / 1000, Percentile(sorted, 0.99) / 1000, non2xx,
                cpuPerToken, stages);
        }
        finally
        {
            if (server is { HasExited: false })
            {
                server.Kill();
            }

            server?.Dispose();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// Starts `serve` on <paramref name="port"/>; its output (the access log included) goes to <paramref name="log"/> as a
    /// deployment's journal would take it, and reading it keeps the pipe from filling.
    /// </summary>
    private static Process StartServer(string dll, string data, int port, StreamWriter log)
    {
        var server = Process.Start(new ProcessStartInfo("dotnet", [dll, "serve", "--data", data, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        server.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        return server;
    }

    [GeneratedRegex(@"finished in ([0-9.]+)(ms|s)")]
    private static partial Regex FinishedIn();

    private static double Seconds(Match m)
    {
        double value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value == "ms" ? value / 1000 : value;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Raw signatures/s with the TSU's own key file, one key object per thread, on all cores (what OpenSSL can do for this key).</summary>
    private static (double Rate, string How) RawSoftware(string data, string keyType, double seconds)
    {
        string pem = File.ReadAllText(Path.Combine(data, "tsu-nonqualified.key.pem"));
        int threads = Environment.ProcessorCount;
        if (keyType.StartsWith("ecdsa", StringComparison.Ordinal))
        {
            var keys = Enumerable.Range(0, threads).Select(_ => { var k = ECDsa.Create(); k.ImportFromPem(pem); return k; }).ToArray();
            return (SigningRate.Measure(threads, seconds, t => keys[t].SignHash(RandomNumberGenerator.GetBytes(32))), $"OpenSSL via .NET, {threads} threads");
        }

        var rsa = Enumerable.Range(0, threads).Select(_ => { var k = RSA.Create(); k.ImportFromPem(pem); return k; }).ToArray();
        return (SigningRate.Measure(threads, seconds, t => rsa[t].SignHash(RandomNumberGenerator.GetBytes(32), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
            $"OpenSSL via .NET, {threads} threads");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, IReadOnlyList<string> arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task WaitHealthyAsync(HttpClient http, Uri baseUri, Process server)
    {
        for (int i = 0; i < 600; i++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"serve exited with {server.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseUri, "healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("serve did not become healthy within 60 s");
    }

    private static async Task<double> IssuedAsync(HttpClient http, Uri baseUri)
    {
        string metrics = await http.GetStringAsync(new Uri(baseUri, "metrics"));
        var line = metrics.Split('\n').Single(l => l.StartsWith("tsa_tokens_issued_total{endpoint=\"tsa\"}", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A DER TimeStampReq: version 1, SHA-256 imprint of random data, certReq TRUE, no nonce (h2load repeats one body).</summary>
    private static byte[] TimeStampRequest()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("2.16.840.1.101.3.4.2.1");
                }

                writer.WriteOctetString(SHA256.HashData(RandomNumberGenerator.GetBytes(64)));
            }

            writer.WriteBoolean(true);
        }

        return writer.Encode();
    }
}

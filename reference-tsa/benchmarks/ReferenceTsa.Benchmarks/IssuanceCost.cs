using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Hosting;
using ReferenceTsa.Issuance;
using ReferenceTsa.Serials;

namespace ReferenceTsa.Benchmarks;

/// <summary>
/// CPU time per token for each stage of issuance, in this process, without HTTP: the signature alone, the whole
/// <see cref="TimeStampIssuer.Issue"/> (request decoding, serial, TSTInfo, CMS, signature), the evidence record's
/// JSON, and the durable evidence commit per record in batches of the served benchmark's size. CPU time (not wall
/// time) so that other processes on the machine change the figures little; compared with the served TSA's CPU time
/// per token it shows what HTTP costs.
/// </summary>
public static class IssuanceCost
{
    /// <summary>What one token costs in each stage, in CPU microseconds.</summary>
    public sealed record Stages(double Sign, double Issue, double EvidenceJson, double EvidenceCommitPerRecord, int Batch);

    /// <summary>Measures the stages with the data directory of a `dev init` (its tsa.json, keys and evidence log).</summary>
    public static async Task<Stages> MeasureAsync(string dataDirectory, byte[] request, int batch, double seconds)
    {
        string config = Path.Combine(dataDirectory, "tsa.json");
        using var service = TimeStampingServiceLoader.Load(TsaConfigurationFile.Read(config), dataDirectory, DateTimeOffset.UtcNow, config);
        var policy = service.Endpoints[0];
        var serials = SerialNumberStore.Open(service);
        var issuer = new TimeStampIssuer(serials, TimeProvider.System, NullLogger<TimeStampIssuer>.Instance);
        byte[] digest = SHA256.HashData("x"u8);
        double sign = PerCall(seconds, () => policy.Tsu.SigningKey.SignHash(digest, Protocol.DigestAlgorithm.Sha256));
        var outcome = issuer.Issue(request, policy);
        double issue = PerCall(seconds, () => outcome = issuer.Issue(request, policy));
        double json = PerCall(seconds, () => System.Text.Json.JsonSerializer.Serialize(EvidencePayloads.Token(outcome)));
        await using var evidence = service.EvidenceLog.Open(dataDirectory);
        double commit = await CommitCostAsync(evidence, outcome, batch, seconds);
        (serials as IDisposable)?.Dispose();
        return new Stages(sign, issue, json, commit, batch);
    }

    /// <summary>Process CPU time (this thread and the log's writer) per record, appending <paramref name="batch"/> at a time.</summary>
    private static async Task<double> CommitCostAsync(IEvidenceLog evidence, IssuanceOutcome outcome, int batch, double seconds)
    {
        var pending = new Task<long>[batch];
        for (int i = 0; i < 200; i++)
        {
            await evidence.AppendAsync(EvidencePayloads.TokenKind, EvidencePayloads.Token(outcome));
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long records = 0;
        while (wall.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < batch; i++)
            {
                pending[i] = evidence.AppendAsync(EvidencePayloads.TokenKind, EvidencePayloads.Token(outcome));
            }

            await Task.WhenAll(pending);
            records += batch;
        }

        process.Refresh();
        return (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / records;
    }

    /// <summary>CPU microseconds per call of <paramref name="action"/> on this thread, after a warm-up long enough for tiered JIT.</summary>
    private static double PerCall(double seconds, Action action)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 1.5)
        {
            action();
        }

        long calls = 0;
        double before = ThreadCpuMicroseconds();
        var wall = Stopwatch.StartNew();
        while (wall.Elapsed.TotalSeconds < seconds)
        {
            action();
            calls++;
        }

        return (ThreadCpuMicroseconds() - before) / calls;
    }

    private static double ThreadCpuMicroseconds()
    {
        const int ClockThreadCpuTimeId = 3;
        return clock_gettime(ClockThreadCpuTimeId, out var time) == 0
            ? time.Seconds * 1e6 + time.Nanoseconds / 1e3
            : throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}

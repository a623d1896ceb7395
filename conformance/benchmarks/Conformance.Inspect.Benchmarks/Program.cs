using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Conformance.Cli;
using Conformance.Cli.Commands;

// Copies the real tokens of the shared corpus (shared/corpus/real-tokens, found above the working directory or named
// by TSA_REAL_TOKENS) round-robin into N files of a temporary folder, then runs the CLI's inspect verb in this process
// (`inspect DIR --no-pdf --quiet --out TMP`, the report renderers included) and prints wall time, tokens/s, CPU seconds
// per token (user + system of the whole process) and the peak resident set size. The copies are byte-identical to
// their originals: every file is decoded and judged on its own, nothing is cached by content.
// With "runner" after N, only the inspection itself runs (ConformanceRunner.InspectFilesAsync: scenarios, evidence and
// report.json, no console table and no renderers), to measure the runner's own CPU and memory.
//   dotnet run -c Release --project conformance/benchmarks/Conformance.Inspect.Benchmarks -- [N=1000] [runner]
// or, precompiled as the CLI would be deployed for archive-scale inspections (README, "inspect at scale"):
//   dotnet publish conformance/benchmarks/Conformance.Inspect.Benchmarks -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o DIR
//   DIR/Conformance.Inspect.Benchmarks [N=1000] [runner]
// The line ends with how many methods the JIT compiled (and whether the CLI was a ReadyToRun build) and the GC counts.
int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
bool runnerOnly = args.Length > 1 && args[1] == "runner";
string? corpus = FindCorpus();
if (corpus is null)
{
    Console.WriteLine("skipped: the real-token corpus (shared/corpus/real-tokens) was not found above the working directory; set TSA_REAL_TOKENS");
    return 0;
}

string[] originals = [.. Directory.GetFiles(corpus).Where(f => f.EndsWith(".tst", StringComparison.Ordinal) || f.EndsWith(".tsr", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
string work = Directory.CreateTempSubdirectory("inspect-benchmark-").FullName;
try
{
    string tokens = Directory.CreateDirectory(Path.Combine(work, "tokens")).FullName;
    for (int i = 0; i < count; i++)
    {
        string original = originals[i % originals.Length];
        File.Copy(original, Path.Combine(tokens, $"{i:D5}-{Path.GetFileName(original)}"));
    }

    var root = new RootCommand("inspect benchmark");
    root.Subcommands.Add(InspectCommand.Create());
    using var process = Process.GetCurrentProcess();
    TimeSpan cpuBefore = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    int exit = runnerOnly
        ? await RunnerOnlyAsync(tokens, Path.Combine(work, "out"))
        : CliHost.Invoke(root, ["inspect", tokens, "--no-pdf", "--quiet", "--out", Path.Combine(work, "out")], TextWriter.Null, Console.Error);
    wall.Stop();
    process.Refresh();
    double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{(runnerOnly ? "runner only (InspectFilesAsync, no renderers)" : "inspect --no-pdf --quiet")}: {count} tokens ({originals.Length} distinct) in {wall.Elapsed.TotalSeconds:F1} s wall = {count / wall.Elapsed.TotalSeconds:F1} tokens/s; "
        + $"CPU {cpu:F1} s = {cpu * 1000 / count:F1} ms per token; peak RSS {PeakRssMiB():F0} MiB; exit {exit}; "
        + $"{Environment.ProcessorCount} cores, load average at the end {load}; "
        + $"JIT {System.Runtime.JitInfo.GetCompiledMethodCount()} methods in {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:F2} s ({(IsReadyToRun() ? "ReadyToRun build" : "IL build")}); "
        + $"GC {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen0/1/2), paused {GC.GetTotalPauseDuration().TotalSeconds:F2} s"));
    // 0 conformant and 1 non-conformant are both a completed inspection (the corpus holds tokens with findings).
    return exit is 0 or 1 ? 0 : exit;
}
finally
{
    Directory.Delete(work, recursive: true);
}

// The inspection without the CLI's table and the report renderers: exit 0 when it completed (any verdict).
static async Task<int> RunnerOnlyAsync(string tokens, string output)
{
    string[] files = [.. Directory.GetFiles(tokens).Order(StringComparer.Ordinal)];
    var options = new Conformance.Runner.RunOptions { OutputDirectory = output };
    var result = await Conformance.Runner.ConformanceRunner.InspectFilesAsync(files, options);
    return result.Files.Count == files.Length ? 0 : 2;
}

// Whether the CLI's code came precompiled (dotnet publish -p:PublishReadyToRun=true): a ReadyToRun image carries a
// ManagedNativeHeader in its CLR header, which a plain IL build does not.
static bool IsReadyToRun()
{
    using var stream = File.OpenRead(typeof(Conformance.Cli.CliHost).Assembly.Location);
    using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
    return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
}

// VmHWM: the process's peak resident set size (Process.PeakWorkingSet64 reads the same on Linux).
static double PeakRssMiB()
{
    using var process = Process.GetCurrentProcess();
    return process.PeakWorkingSet64 / (1024 * 1024.0);
}

static string? FindCorpus()
{
    if (Environment.GetEnvironmentVariable("TSA_REAL_TOKENS") is { Length: > 0 } named && Directory.Exists(named))
    {
        return named;
    }

    foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "corpus", "real-tokens");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
    }

    return null;
}

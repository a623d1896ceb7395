using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Conformance.TrustedLists.Authenticity;
using Conformance.TrustedLists.Model;
using Conformance.TrustedLists.Qualification;
using Conformance.TrustedLists.Reading;

// Reads one trusted list (default: the largest of the shared corpus, IT-2025-07-31.xml, 2.5 MB) with its signature and
// LOTL authenticity checked, indexes its services once, then decides N "tokens" against it: TSU certificates taken in
// turn from the list's own TSA/QTST services (so every decision walks a real match and its status history) at genTimes
// spread over 2015..2025. Prints load time, decision time, and memory (peak working set, managed heap after).
//   dotnet run -c Release --project conformance/benchmarks/Conformance.TrustedLists.Benchmarks -- [LIST.xml] [LOTL.xml] [N]
string corpus = FindCorpus() ?? throw new InvalidOperationException("shared/corpus/trusted-lists not found above the working directory; give LIST.xml and LOTL.xml");
string listPath = args.Length > 0 ? args[0] : Path.Combine(corpus, "IT-2025-07-31.xml");
string lotlPath = args.Length > 1 ? args[1] : Path.Combine(corpus, "EU-2025-08-08.xml");
int count = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000;

var load = Stopwatch.StartNew();
TrustedListFile lotl = TrustedListFile.Load(lotlPath);
TrustedListFile list = TrustedListFile.Load(listPath);
TrustedListSet set = TrustedListSet.Create([list], lotl, [lotl.Signature.Signer!]);
load.Stop();
Console.WriteLine($"{list.List.Describe()}: {new FileInfo(listPath).Length:N0} bytes, {list.List.Providers.Count} providers, "
    + $"{list.List.Providers.Sum(p => p.Services.Count)} services; signature {list.Signature.Status}; {set.Lists[0].Authenticity.Describe()}");
Console.WriteLine($"read + verify + authenticate (list and LOTL): {load.ElapsedMilliseconds} ms");

List<X509Certificate2> tsus = list.List.Providers.SelectMany(p => p.Services).Where(s => s.Type == TrustedListUris.QtstServiceType)
    .SelectMany(s => s.Identity.Certificates).ToList();
var start = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
var random = new Random(42);
var decider = set.Decider;
var counts = new Dictionary<Qualified, int>();
long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var decide = Stopwatch.StartNew();
for (int i = 0; i < count; i++)
{
    DateTimeOffset genTime = start.AddSeconds(random.NextDouble() * (10 * 365.25 * 86400));
    QualificationDecision decision = decider.Decide(tsus[i % tsus.Count], [], genTime, genTime);
    counts[decision.HistoryAtGenTime.Value] = counts.GetValueOrDefault(decision.HistoryAtGenTime.Value) + 1;
}

decide.Stop();
long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
GC.Collect();
Console.WriteLine($"{count} decisions ({tsus.Count} distinct TSA/QTST certificates): {decide.ElapsedMilliseconds} ms, "
    + $"{decide.Elapsed.TotalMilliseconds * 1000 / count:F0} µs per token; history says {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}");
Console.WriteLine($"allocated while deciding: {allocated / count / 1024.0:F1} KiB per token; managed heap after: {GC.GetTotalMemory(false) / (1024 * 1024.0):F1} MiB; "
    + $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024.0):F0} MiB");

static string? FindCorpus()
{
    foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "corpus", "trusted-lists");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
    }

    return null;
}

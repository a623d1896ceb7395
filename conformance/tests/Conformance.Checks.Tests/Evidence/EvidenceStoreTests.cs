using Conformance.Checks.Evidence;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Checks.Tests.Evidence;

/// <summary>The evidence store's per-run caps: a file beyond a cap is not stored, and each cap reached is named once with a count.</summary>
public sealed class EvidenceStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void The_store_refuses_files_beyond_its_per_run_caps_and_names_each_cap()
    {
        var store = new EvidenceStore(_temp.Combine("store"), new EvidenceCaps { MaxFiles = 3, MaxBytes = 1_000 });

        string[] names = [.. Enumerable.Range(0, 5).Select(i => store.Save($"file-{i}", "bin", new byte[10]))];
        var small = new EvidenceStore(_temp.Combine("bytes"), new EvidenceCaps { MaxBytes = 100 });
        string big = small.Save("big", "bin", new byte[101]);

        Assert.Equal(3, names.Count(n => n != EvidenceStore.NotStored));
        Assert.Equal(3, Directory.GetFiles(_temp.Combine("store")).Length);
        Assert.Equal("evidence cap reached: evidence files per run (3), 2 time(s), first: file-3.bin (10 bytes) not stored", Assert.Single(store.CapHits));
        Assert.Equal(EvidenceStore.NotStored, big);
        Assert.Contains("evidence bytes per run (100)", Assert.Single(small.CapHits));
    }

    public void Dispose() => _temp.Dispose();
}

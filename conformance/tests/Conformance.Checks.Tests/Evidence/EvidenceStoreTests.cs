using Conformance.Checks.Evidence;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Checks.Tests.Evidence;

/// <summary>
/// The evidence store's per-run caps (a file beyond a cap is not stored, and each cap reached is named once with a count)
/// and its shared, content-addressed saves.
/// </summary>
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

    [Fact]
    public async Task Shared_content_is_written_once_per_run_and_each_save_of_it_gets_that_file()
    {
        var store = new EvidenceStore(_temp.Combine("shared"));
        byte[] certificate = [.. Enumerable.Range(0, 300).Select(i => (byte)i)];
        byte[] other = [.. certificate.Select(b => (byte)(b ^ 0xFF))];

        // Two features saving the same certificate of the same batch at once, many times over.
        string[] names = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => store.SaveShared("certificate", "cer", i % 2 == 0 ? certificate : certificate.ToArray()))));
        string otherName = store.SaveShared("certificate", "cer", other);
        string copy = store.Save("certificate-a", "cer", certificate);

        Assert.Single(names.Distinct());
        Assert.NotEqual(names[0], otherName);
        Assert.NotEqual(names[0], copy);
        Assert.Equal(certificate, File.ReadAllBytes(_temp.Combine("shared", names[0])));
        Assert.Equal(other, File.ReadAllBytes(_temp.Combine("shared", otherName)));
        Assert.Equal(3, Directory.GetFiles(_temp.Combine("shared")).Length);
        Assert.Equal(3, store.Entries.Count);
    }

    public void Dispose() => _temp.Dispose();
}

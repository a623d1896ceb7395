using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>`dev init` writes the disclosure statement extract (disclosure.yaml) beside tsa.json, as the README says.</summary>
public sealed class DevInitDisclosureTests : IDisposable
{
    private readonly string _data = Path.Combine(Directory.CreateTempSubdirectory("reference-tsa-devinit-").FullName, "data");

    [Fact]
    public async Task Dev_init_writes_a_disclosure_extract_listing_each_endpoint_policy_with_hashes_and_accuracy()
    {
        var (exit, output) = await ReferenceTsaCli.RunAsync(["dev", "init", "--data", _data, "--software-keys"]);

        Assert.True(exit == 0, output);
        string file = Path.Combine(_data, "disclosure.yaml");
        Assert.Contains($"Disclosure statement extract: {file}", output);
        string yaml = File.ReadAllText(file);
        Assert.StartsWith("# Disclosure statement extract", yaml);
        Assert.Contains("policies:", yaml);
        // Both endpoints' default policies (non-qualified and qualified), each with hashes and an accuracy.
        Assert.Contains("non-qualified policy (incorporates BTSP)", yaml);
        Assert.Contains(" qualified policy (incorporates BTSP)", yaml);
        Assert.Contains("hashes: [SHA-256", yaml);
        Assert.Matches(@"accuracy: \d+us", yaml);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_data)!, recursive: true);
}

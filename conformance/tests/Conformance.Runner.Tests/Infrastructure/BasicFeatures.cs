namespace Conformance.Runner.Tests.Infrastructure;

/// <summary>
/// The first three feature files only (HTTP transport, valid requests, basic token content). The runner-mechanics tests
/// use them with the minimal BouncyCastle stub TSA, which makes no attempt at the full EN 319 422 / EN 319 412 profile
/// (its self-signed certificate has no country, no AIA, ...); the full feature set runs against the reference TSA in
/// Conformance.Suite.Tests and the checks themselves are tested in Checks/.
/// </summary>
public static class BasicFeatures
{
    private static readonly Lazy<string> Copy = new(() =>
    {
        string source = RunOptions.DefaultFeaturesDirectory;
        string target = System.IO.Directory.CreateTempSubdirectory("tsa-conformance-basic-features-").FullName;
        foreach (string relative in new[] { "transport/http-transport.feature", "request/request-basics.feature", "token/token-basics.feature" })
        {
            string destination = Path.Combine(target, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(source, relative), destination);
        }

        return target;
    });

    public static string Directory => Copy.Value;
}

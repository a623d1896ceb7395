namespace Conformance.Catalogue.Tests;

/// <summary>Locates the checkout (the folder with Conformance.sln) so tests read the real spec/, not a copy in bin/.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Spec => Path.Combine(Root, "spec");

    /// <summary>The seed talk's text export, when shared/ is laid out beside (or above) the checkout; null otherwise.</summary>
    public static string? SeedTalkDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("TSA_SEED_DIR");
        var candidates = new[]
        {
            fromEnv,
            Path.Combine(Root, "..", "shared", "seed"),
            Path.Combine(Root, "..", "..", "shared", "seed"),
            "/work/shared/seed",
        };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && Directory.Exists(c) && Directory.EnumerateFiles(c!, "*.txt").Any());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the checkout root (Conformance.sln) above " + AppContext.BaseDirectory);
    }
}

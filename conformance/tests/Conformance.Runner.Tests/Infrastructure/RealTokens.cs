namespace Conformance.Runner.Tests.Infrastructure;

/// <summary>Real third-party tokens in the shared corpus; read in place, never copied into the repository.</summary>
public static class RealTokens
{
    public static string? Directory
    {
        get
        {
            foreach (string? candidate in new[] { Environment.GetEnvironmentVariable("TSA_REAL_TOKENS"), "/work/shared/corpus/real-tokens" }
                .Concat(Ancestors().Select(a => Path.Combine(a, "shared", "corpus", "real-tokens"))))
            {
                if (!string.IsNullOrEmpty(candidate) && System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    public static IEnumerable<TheoryDataRow<string>> Files()
    {
        string? directory = Directory;
        if (directory is null)
        {
            yield return new TheoryDataRow<string>("(corpus absent)") { Skip = "real-token corpus not found (shared/corpus/real-tokens); set TSA_REAL_TOKENS" };
            yield break;
        }

        foreach (string file in System.IO.Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".tst", StringComparison.Ordinal) || f.EndsWith(".tsr", StringComparison.Ordinal)).Order())
        {
            yield return new TheoryDataRow<string>(Path.GetFileName(file));
        }
    }

    public static string PathOf(string name) => Path.Combine(Directory!, name);

    private static IEnumerable<string> Ancestors()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }
    }
}

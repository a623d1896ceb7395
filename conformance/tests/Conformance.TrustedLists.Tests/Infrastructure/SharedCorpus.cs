namespace Conformance.TrustedLists.Tests.Infrastructure;

/// <summary>
/// The shared corpus of real EU trusted lists and real tokens, read in place from an ancestor folder named shared (or
/// TSA_SHARED_CORPUS), never copied into the repository. Tests skip visibly when it is absent.
/// </summary>
internal static class SharedCorpus
{
    public static string? Directory
    {
        get
        {
            foreach (string? candidate in new[] { Environment.GetEnvironmentVariable("TSA_SHARED_CORPUS") }
                .Concat(Ancestors().Select(a => Path.Combine(a, "shared", "corpus"))))
            {
                if (!string.IsNullOrEmpty(candidate) && System.IO.Directory.Exists(Path.Combine(candidate, "trusted-lists")))
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    public static string List(string name) => Path.Combine(Require(), "trusted-lists", name);

    public static string Token(string name) => Path.Combine(Require(), "real-tokens", name);

    public static string Require()
    {
        string? directory = Directory;
        if (directory is null)
        {
            Assert.Skip("shared corpus not found (an ancestor folder shared/corpus with trusted-lists/ and real-tokens/); set TSA_SHARED_CORPUS");
        }

        return directory!;
    }

    private static IEnumerable<string> Ancestors()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }
    }
}

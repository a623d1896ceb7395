using System.Text.RegularExpressions;

namespace Reports.Tests;

/// <summary>
/// Golden files: compare a rendering to Golden/NAME (in the source tree). UPDATE_GOLDEN=1 rewrites the file instead.
/// The catalogue is a pinned copy (Fixtures/spec), so its digest is stable; temp paths are normalised.
/// </summary>
internal static partial class Golden
{
    public static void Match(string name, string actual)
    {
        string normalised = Normalise(actual);
        string sourcePath = Path.Combine(SourceDirectory(), "Golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sourcePath)!);
            File.WriteAllText(sourcePath, normalised);
            return;
        }

        Assert.True(File.Exists(sourcePath), $"{sourcePath} is missing; run the tests once with UPDATE_GOLDEN=1 and review the file");
        string expected = File.ReadAllText(sourcePath).ReplaceLineEndings("\n");
        if (expected != normalised)
        {
            string[] e = expected.Split('\n'), a = normalised.Split('\n');
            int line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail($"{sourcePath}:{line + 1}: rendering differs from the golden file\n  golden: {(line < e.Length ? e[line] : "<end>")}\n  actual: {(line < a.Length ? a[line] : "<end>")}\n(UPDATE_GOLDEN=1 rewrites it; review the diff)");
        }
    }

    public static string Normalise(string text) =>
        TempPath().Replace(text.ReplaceLineEndings("\n"), "<temp>/");

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

    [GeneratedRegex(@"/tmp/reports-tests-[^/]+/[0-9a-f]{12}/")]
    private static partial Regex TempPath();
}

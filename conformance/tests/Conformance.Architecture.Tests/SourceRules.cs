using System.Text.RegularExpressions;

namespace Conformance.Architecture.Tests;

/// <summary>
/// The code-level side of "suite independent of the reference TSA": a project that references the adapter also gets
/// ReferenceTsa as a transitive compile reference, so the project rules alone would let a test or the CLI use the TSA's
/// types again. Outside the adapter's folder, no C# file under conformance/ or reports/ names a ReferenceTsa namespace
/// (the TSA's test-support namespace ReferenceTsa.Tests, shared by linked source files, and text in string literals
/// such as "ReferenceTsa.dll" are not the TSA's code).
/// </summary>
public static partial class SourceRules
{
    public const string AdapterFolder = "conformance/src/" + DependencyRules.ReferenceTsaAdapter + "/";

    /// <summary>Every use of a ReferenceTsa namespace outside the adapter, as "path:line: code".</summary>
    public static IReadOnlyList<string> ReferenceTsaUses(string root)
    {
        var uses = new List<string>();
        foreach (string folder in new[] { "conformance", "reports" }.Select(f => Path.Combine(root, f)).Where(Directory.Exists))
        {
            foreach (string file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.StartsWith(AdapterFolder, StringComparison.Ordinal) || relative.Split('/').Any(part => part is "bin" or "obj"))
                {
                    continue;
                }

                string[] lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    string code = StringLiteral().Replace(LineComment().Replace(lines[i], ""), "\"\"");
                    if (TsaNamespace().IsMatch(code))
                    {
                        uses.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                    }
                }
            }
        }

        return uses;
    }

    [GeneratedRegex(@"(?<![\w.])ReferenceTsa\.(?!Tests\b)[A-Z]\w*")]
    private static partial Regex TsaNamespace();

    [GeneratedRegex(@"\$?@?""(?:[^""\\]|\\.)*""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^\s*///?.*$")]
    private static partial Regex LineComment();
}

namespace Conformance.Architecture.Tests;

/// <summary>A throw-away folder of minimal .csproj files, to show the rules refusing a forbidden reference.</summary>
internal sealed class ScratchRepository : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("arch-rules-").FullName;

    public ScratchRepository Project(string folder, params string[] references) => Project(folder, references, packages: []);

    public ScratchRepository Project(string folder, string[] references, string[] packages)
    {
        string directory = Path.Combine(Root, folder);
        Directory.CreateDirectory(directory);
        string name = Path.GetFileName(folder);
        var items = references.Select(r => $"    <ProjectReference Include=\"{Path.GetRelativePath(directory, Path.Combine(Root, r, Path.GetFileName(r) + ".csproj"))}\" />")
            .Concat(packages.Select(p => $"    <PackageReference Include=\"{p}\" />"));
        File.WriteAllText(Path.Combine(directory, name + ".csproj"),
            $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n{string.Join('\n', items)}\n  </ItemGroup>\n</Project>\n");
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

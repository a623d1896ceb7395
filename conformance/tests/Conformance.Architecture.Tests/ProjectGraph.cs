using System.Xml.Linq;

namespace Conformance.Architecture.Tests;

/// <summary>One project of the repository: its path relative to the root (forward slashes), and what it references.</summary>
public sealed record ProjectNode(string Path, string Name, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> PackageReferences);

/// <summary>
/// The project-reference graph read from every <c>.csproj</c> under a root folder (bin/ and obj/ ignored). Reference
/// paths are resolved relative to the referencing project, as MSBuild does.
/// </summary>
public sealed class ProjectGraph
{
    private readonly Dictionary<string, ProjectNode> _nodes;

    private ProjectGraph(Dictionary<string, ProjectNode> nodes) => _nodes = nodes;

    public IReadOnlyCollection<ProjectNode> Projects => _nodes.Values;

    public ProjectNode? Find(string path) => _nodes.GetValueOrDefault(path);

    public static ProjectGraph Load(string root)
    {
        string fullRoot = System.IO.Path.GetFullPath(root);
        var nodes = new Dictionary<string, ProjectNode>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(fullRoot, "*.csproj", SearchOption.AllDirectories))
        {
            string relative = Relative(fullRoot, file);
            if (relative.Split('/').Any(part => part is "bin" or "obj" || part.StartsWith('.')))
            {
                continue;
            }

            XDocument xml = XDocument.Load(file);
            string directory = System.IO.Path.GetDirectoryName(file)!;
            var projects = xml.Descendants("ProjectReference")
                .Select(e => (string?)e.Attribute("Include"))
                .Where(include => !string.IsNullOrWhiteSpace(include))
                .Select(include => Relative(fullRoot, System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, include!.Replace('\\', '/')))))
                .ToList();
            var packages = xml.Descendants("PackageReference")
                .Select(e => (string?)e.Attribute("Include"))
                .Where(include => !string.IsNullOrWhiteSpace(include))
                .Select(include => include!)
                .ToList();
            nodes[relative] = new ProjectNode(relative, System.IO.Path.GetFileNameWithoutExtension(file), projects, packages);
        }

        return new ProjectGraph(nodes);
    }

    /// <summary>
    /// The shortest chain of project references from <paramref name="from"/> to a project matching
    /// <paramref name="target"/> (the start itself excluded), or null when none reaches one. Chains through a project
    /// matching <paramref name="allowedVia"/> are not followed.
    /// </summary>
    public IReadOnlyList<string>? PathTo(ProjectNode from, Func<ProjectNode, bool> target, Func<ProjectNode, bool>? allowedVia = null)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(from.Path);
        var seen = new HashSet<string>(StringComparer.Ordinal) { from.Path };
        while (queue.Count > 0)
        {
            string current = queue.Dequeue();
            ProjectNode? node = Find(current);
            if (node is null)
            {
                continue;
            }

            foreach (string next in node.ProjectReferences)
            {
                if (!seen.Add(next))
                {
                    continue;
                }

                previous[next] = current;
                ProjectNode? nextNode = Find(next);
                if (nextNode is not null && target(nextNode))
                {
                    var chain = new List<string> { next };
                    for (string step = current; step != from.Path; step = previous[step])
                    {
                        chain.Add(step);
                    }

                    chain.Add(from.Path);
                    chain.Reverse();
                    return chain;
                }

                if (nextNode is null || allowedVia?.Invoke(nextNode) != true)
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    /// <summary>Package references of the project and of every project it reaches.</summary>
    public IEnumerable<(string Package, IReadOnlyList<string> Via)> PackagesReachedFrom(ProjectNode from)
    {
        foreach (string package in from.PackageReferences)
        {
            yield return (package, [from.Path]);
        }

        foreach (ProjectNode other in Projects.Where(p => p.Path != from.Path))
        {
            IReadOnlyList<string>? chain = PathTo(from, p => p.Path == other.Path);
            if (chain is null)
            {
                continue;
            }

            foreach (string package in other.PackageReferences)
            {
                yield return (package, chain);
            }
        }
    }

    private static string Relative(string root, string path) =>
        System.IO.Path.GetRelativePath(root, path).Replace('\\', '/');
}

namespace Conformance.Catalogue;

/// <summary>
/// Finds the spec/ directory: an explicit path wins; otherwise the nearest folder holding
/// spec/requirements, searching upward from the working directory and then from the application's
/// base directory (a published tool carries a copy of spec/ next to it).
/// </summary>
public static class SpecDirectoryLocator
{
    public static string? Locate(string? explicitPath, params string[] startDirectories)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath);
            if (Directory.Exists(Path.Combine(full, "requirements")))
            {
                return full;
            }

            // Accept the repository root as well as spec/ itself.
            var nested = Path.Combine(full, "spec");
            return Directory.Exists(Path.Combine(nested, "requirements")) ? nested : null;
        }

        foreach (var start in startDirectories.Where(s => !string.IsNullOrEmpty(s)))
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "spec");
                if (Directory.Exists(Path.Combine(candidate, "requirements")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}

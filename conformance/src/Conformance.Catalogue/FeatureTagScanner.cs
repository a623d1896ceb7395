using System.Text.RegularExpressions;

namespace Conformance.Catalogue;

/// <summary>
/// Finds every <c>@req:ID</c> tag in spec/features/**/*.feature, with its file, line and the scenario
/// (or feature) it is attached to. A light line scanner on purpose: the catalogue must not depend on
/// the Gherkin runner, and tags are always on their own lines before the keyword they belong to.
/// </summary>
public static partial class FeatureTagScanner
{
    [GeneratedRegex(@"(?<=^|\s)@req:(?<id>[^\s@]+)")]
    private static partial Regex ReqTag();

    [GeneratedRegex(@"^\s*(Feature|Rule|Scenario|Scenario Outline|Scenario Template|Example|Examples|Background):\s*(?<name>.*)$")]
    private static partial Regex Keyword();

    public static FeatureScan Scan(string featuresDirectory, string displayBase)
    {
        var tags = new List<FeatureTag>();
        var scenarios = 0;
        if (!Directory.Exists(featuresDirectory))
        {
            return new FeatureScan(tags, 0, 0);
        }

        var files = Directory.EnumerateFiles(featuresDirectory, "*.feature", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var display = Path.GetRelativePath(displayBase, file).Replace('\\', '/');
            var pending = new List<(string Id, int Line)>();
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                var trimmed = line.TrimStart();
                if (trimmed.StartsWith('#'))
                {
                    continue;
                }

                if (trimmed.StartsWith('@'))
                {
                    pending.AddRange(ReqTag().Matches(trimmed).Select(m => (m.Groups["id"].Value, lineNumber)));
                    continue;
                }

                var keyword = Keyword().Match(line);
                if (keyword.Success)
                {
                    var kind = keyword.Groups[1].Value;
                    if (kind.StartsWith("Scenario", StringComparison.Ordinal) || kind == "Example")
                    {
                        scenarios++;
                    }

                    tags.AddRange(pending.Select(p => new FeatureTag(p.Id, display, p.Line, kind, keyword.Groups["name"].Value.Trim())));
                    pending.Clear();
                }
            }

            tags.AddRange(pending.Select(p => new FeatureTag(p.Id, display, p.Line, "(none)", string.Empty)));
        }

        return new FeatureScan(tags, files.Count, scenarios);
    }
}

/// <summary>One <c>@req:</c> tag: the requirement it names and where it was found.</summary>
/// <param name="AttachedTo">Gherkin keyword the tag belongs to (Feature, Scenario, ...).</param>
public sealed record FeatureTag(string RequirementId, string File, int Line, string AttachedTo, string Name);

public sealed record FeatureScan(IReadOnlyList<FeatureTag> Tags, int FeatureFiles, int Scenarios)
{
    public static FeatureScan Empty { get; } = new([], 0, 0);

    public ILookup<string, FeatureTag> ByRequirement => Tags.ToLookup(t => t.RequirementId, StringComparer.Ordinal);
}

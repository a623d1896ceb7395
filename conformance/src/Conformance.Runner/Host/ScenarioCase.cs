using Io.Cucumber.Messages.Types;

namespace Conformance.Runner.Host;

/// <summary>One executable scenario (a Gherkin pickle): an outline row counts as its own scenario.</summary>
public sealed class ScenarioCase
{
    public required LoadedFeature Feature { get; init; }
    public required Pickle Pickle { get; init; }
    public required int PickleIndex { get; init; }

    /// <summary>The scenario name with outline placeholders substituted (docs/running-reqnroll.md, pitfall 4).</summary>
    public required string Name { get; init; }

    public required int Line { get; init; }
    public required string Description { get; init; }

    /// <summary>Scenario and Examples tags, without '@'.</summary>
    public required IReadOnlyList<string> OwnTags { get; init; }

    /// <summary>Feature and Rule tags, without '@'.</summary>
    public required IReadOnlyList<string> InheritedTags { get; init; }

    public required string? RuleTitle { get; init; }
    public required string? RuleDescription { get; init; }
    public required IReadOnlyList<string> RuleTags { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> ExampleArguments { get; init; }
    public required IReadOnlyList<ScenarioStep> Steps { get; init; }

    // Computed once: an inspection runs each scenario once per file and every result shares these lists (a benign race
    // at worst computes an equal list twice).
    private IReadOnlyList<string>? _tags, _requirementIds, _sources;

    /// <summary>All tags, without '@', distinct.</summary>
    public IReadOnlyList<string> Tags => _tags ??= [.. InheritedTags.Concat(OwnTags).Distinct(StringComparer.Ordinal)];

    /// <summary>Stable identifier: feature path relative to the features folder, line, pickle index.</summary>
    public string Id => _id ??= $"{Feature.RelativePath}:{Line}#{PickleIndex}";

    public string Location => _location ??= $"{Feature.RelativePath}:{Line}";

    private string? _id, _location;

    public IReadOnlyList<string> RequirementIds => _requirementIds ??= TagValues("req:");

    public IReadOnlyList<string> Sources => _sources ??= TagValues("source:");

    /// <summary>"must", "should", or "may"; "must" when the scenario carries no severity tag.</summary>
    public string Severity =>
        Tags.Contains("should", StringComparer.OrdinalIgnoreCase) ? "should"
        : Tags.Contains("may", StringComparer.OrdinalIgnoreCase) ? "may"
        : "must";

    public bool IsIgnored => Tags.Contains("ignore", StringComparer.OrdinalIgnoreCase);

    /// <summary>Usable offline on a stored token (tag @token).</summary>
    public bool IsTokenLevel => Tags.Contains("token", StringComparer.OrdinalIgnoreCase);

    public string DisplayName => $"{Feature.Title}: {Name}";

    private List<string> TagValues(string prefix) =>
        [.. Tags.Where(t => t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(t => t[prefix.Length..]).Distinct(StringComparer.Ordinal)];
}

/// <summary>A step of a pickle with its keyword from the AST.</summary>
public sealed record ScenarioStep(string Keyword, StepKeywordType KeywordType, string Text, string? DocString, IReadOnlyList<IReadOnlyList<string>>? Table);

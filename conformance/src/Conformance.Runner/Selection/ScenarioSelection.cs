using Conformance.Runner.Host;

namespace Conformance.Runner.Selection;

/// <summary>
/// Which scenarios a run executes. Every applicable scenario runs whatever its level (MUST, SHOULD, MAY): a failed
/// SHOULD check is an observation, not a reason to leave it out; <see cref="Strict"/> only changes the grading. Tags: a scenario needs at least one of the included
/// tags and none of the excluded ones (written <c>~tag</c> or <c>not:tag</c>). Requirement IDs match exactly, or by
/// prefix with a trailing <c>*</c> (<c>TSP-REQ-*</c>). A profile restricts the set further to its requirements.
/// </summary>
public sealed record ScenarioSelection
{
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> RequirementIds { get; init; } = [];

    /// <summary>--strict: observations count as nonconformities. Selects nothing more.</summary>
    public bool Strict { get; init; }

    /// <summary>Only scenarios that need nothing but a token (@token): offline inspection.</summary>
    public bool TokenLevelOnly { get; init; }

    /// <summary>The profile's name, for the report; null for no profile.</summary>
    public string? Profile { get; init; }

    /// <summary>Requirement IDs of the profile; null when no profile restricts the run.</summary>
    public IReadOnlySet<string>? ProfileRequirements { get; init; }

    /// <summary>
    /// The level each requirement has in the profile ("must", "should", "may", "info"); a requirement can be SHOULD in
    /// one profile and MUST in another (MUST-Q). Null when no profile is used: the @must/@should tags decide.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ProfileLevels { get; init; }

    /// <summary>
    /// The profile is white-box (reference-tsa): scenarios tagged @white-box, which need HSM access or operator control
    /// of the TSA, run only then or when named by --req/--tag; otherwise every run against a real TSA would end with
    /// requirements that need attested evidence.
    /// </summary>
    public bool WhiteBox { get; init; }

    /// <summary>The scenario's severity in this run: the strongest profile level of its requirements, else its tag.</summary>
    public string SeverityOf(ScenarioCase scenario)
    {
        if (ProfileLevels is null)
        {
            return scenario.Severity;
        }

        var levels = scenario.RequirementIds.Select(id => ProfileLevels.GetValueOrDefault(id)).OfType<string>().ToList();
        return levels.Count == 0 ? scenario.Severity : levels.MinBy(Rank)!;

        static int Rank(string level) => level switch { "must" => 0, "should" => 1, "may" => 2, _ => 3 };
    }

    public bool Includes(ScenarioCase scenario) => WhyExcluded(scenario) is null;

    /// <summary>Null when the scenario is selected, else the reason it is not (for <c>list</c>).</summary>
    public string? WhyExcluded(ScenarioCase scenario)
    {
        if (TokenLevelOnly && !scenario.IsTokenLevel)
        {
            return "needs a live service (not @token)";
        }

        if (RequirementIds.Count > 0 && !scenario.RequirementIds.Any(MatchesRequirement))
        {
            return "requirement not selected";
        }

        if (ProfileRequirements is not null && !scenario.RequirementIds.Any(ProfileRequirements.Contains))
        {
            return $"not in profile {Profile}";
        }

        var tags = new HashSet<string>(scenario.Tags, StringComparer.OrdinalIgnoreCase);
        var excluded = Tags.Where(IsExclusion).Select(t => Normalise(t[(t.StartsWith('~') ? 1 : 4)..])).ToList();
        var included = Tags.Where(t => !IsExclusion(t)).Select(Normalise).ToList();
        if (excluded.FirstOrDefault(tags.Contains) is { } hit)
        {
            return $"tag @{hit} excluded";
        }

        if (included.Count > 0 && !included.Any(tags.Contains))
        {
            return "no selected tag";
        }

        if (!WhiteBox && RequirementIds.Count == 0 && tags.Contains("white-box") && !included.Contains("white-box", StringComparer.OrdinalIgnoreCase))
        {
            return "white-box check (HSM access or operator control): run with --profile reference-tsa or name it with --req";
        }

        return null;
    }

    private bool MatchesRequirement(string id) => RequirementIds.Any(wanted =>
        wanted.EndsWith('*')
            ? id.StartsWith(wanted[..^1], StringComparison.OrdinalIgnoreCase)
            : id.Equals(wanted, StringComparison.OrdinalIgnoreCase));

    private static bool IsExclusion(string tag) => tag.StartsWith('~') || tag.StartsWith("not:", StringComparison.OrdinalIgnoreCase);

    private static string Normalise(string tag) => tag.Trim().TrimStart('@');
}

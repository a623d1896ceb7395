using Conformance.Catalogue;

namespace Conformance.Runner.Selection;

/// <summary>Restricts a selection to a catalogue profile: its requirements, at the level the profile gives each.</summary>
public static class ProfileSelection
{
    public static ScenarioSelection Apply(ScenarioSelection selection, Catalogue.Catalogue catalogue, string profile)
    {
        ResolvedProfile resolved = catalogue.Resolve(profile);
        return selection with
        {
            Profile = profile,
            ProfileRequirements = resolved.Requirements.Select(r => r.Id).ToHashSet(StringComparer.Ordinal),
            ProfileLevels = resolved.Requirements.ToDictionary(r => r.Id, r => LevelWord(resolved.EffectiveLevel(r)), StringComparer.Ordinal),
            WhiteBox = catalogue.FindProfile(profile)!.WhiteBox,
        };
    }

    private static string LevelWord(RequirementLevel? level) => level switch
    {
        RequirementLevel.Must or RequirementLevel.MustQualified => "must",
        RequirementLevel.Should => "should",
        RequirementLevel.May => "may",
        _ => "info",
    };
}

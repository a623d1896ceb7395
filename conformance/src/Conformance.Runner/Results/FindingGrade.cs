using System.Text.Json.Serialization;

namespace Conformance.Runner.Results;

/// <summary>
/// How much a failed check weighs, in the language of conformity assessment (EN 319 403-1): a nonconformity breaks a
/// verified mandatory requirement and decides the verdict; an observation (a recommendation not followed, or a
/// mandatory reading whose source was not verified, or a judgement resting on a placeholder policy value) is listed
/// and counted but leaves the verdict alone unless <c>--strict</c>; informative findings (MAY, INFO) only inform.
/// Ordered from the most to the least severe.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingGrade>))]
public enum FindingGrade
{
    [JsonStringEnumMemberName("nonconformity")] Nonconformity,
    [JsonStringEnumMemberName("observation")] Observation,
    [JsonStringEnumMemberName("informative")] Informative,
}

/// <summary>
/// One finding of a failed scenario, graded by the requirement it names: its level as resolved for the run's profile
/// (MUST, SHOULD, MAY, INFO), the catalogue's confidence in that reading (verified, secondary, unverified; unknown when
/// the requirement is not in the catalogue), the grade and the finding as the check wrote it.
/// </summary>
public sealed record GradedFinding(string? RequirementId, string Level, string Confidence, FindingGrade Grade, string Message);

public static class FindingGrades
{
    public static string ToText(this FindingGrade grade) => grade switch
    {
        FindingGrade.Nonconformity => "nonconformity",
        FindingGrade.Observation => "observation",
        _ => "informative",
    };
}

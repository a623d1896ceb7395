namespace Conformance.Catalogue;

/// <summary>
/// A named selection of requirements with the parameters their checks use (spec/profiles/*.yaml).
/// Membership: every requirement whose <c>profiles</c> names this profile or one it extends, plus
/// <see cref="Include"/>, minus <see cref="Exclude"/>, and - in the qualified profile and those extending it -
/// minus requirements that another member <c>replaces</c>.
/// </summary>
public sealed record Profile
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public string? Extends { get; init; }
    /// <summary>Profile is meant only for the reference TSA (white-box checks).</summary>
    public bool WhiteBox { get; init; }
    public IReadOnlyList<string> Include { get; init; } = [];
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public required ProfileParameters Parameters { get; init; }
    public required string File { get; init; }
    public int Line { get; init; }
}

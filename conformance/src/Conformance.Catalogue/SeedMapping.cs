namespace Conformance.Catalogue;

/// <summary>
/// Maps every requirement bullet of the seed talk (the list of what a QTSP must meet) to catalogue entries
/// (spec/seed-mapping.yaml). Bullets are identified by slide section and a short label; the label is
/// matched against the talk after normalisation (case, brackets, arrows, dashes), with known spelling
/// variants listed per bullet.
/// </summary>
public sealed record SeedMapping
{
    public required string Title { get; init; }
    /// <summary>Slide titles whose bullets are requirement bullets.</summary>
    public required IReadOnlyList<string> Sections { get; init; }
    public required IReadOnlyList<SeedBullet> Bullets { get; init; }
    public required string File { get; init; }
}

public sealed record SeedBullet
{
    public required string Section { get; init; }
    /// <summary>The clause or article the bullet sits under on the slide (context for readers).</summary>
    public string? Under { get; init; }
    public required string Text { get; init; }
    public IReadOnlyList<string> Variants { get; init; } = [];
    public required IReadOnlyList<string> Requirements { get; init; }
    public string? Notes { get; init; }
    public int Line { get; init; }
}

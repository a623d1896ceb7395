namespace Conformance.Catalogue;

/// <summary>One catalogue entry: what a source document requires, how strongly, and how it is shown.</summary>
public sealed record Requirement
{
    /// <summary>Stable catalogue ID (e.g. <c>TSP-TST-008</c>, <c>EN319421-TIS-7.7.2-03</c>). Scenarios tag it as <c>@req:ID</c>.</summary>
    public required string Id { get; init; }
    public required RequirementSource Source { get; init; }
    public required string Title { get; init; }
    /// <summary>The requirement in the catalogue's own words (never the standard's text).</summary>
    public required string Statement { get; init; }
    public required RequirementLevel Level { get; init; }
    /// <summary>For <see cref="RequirementLevel.MustQualified"/>: the level outside the qualified profile (null = not required there).</summary>
    public RequirementLevel? BaseLevel { get; init; }
    public required RequirementKind Kind { get; init; }
    /// <summary>Profiles that introduce this requirement; profiles extending them inherit it.</summary>
    public required IReadOnlyList<string> Profiles { get; init; }
    /// <summary>The source marks the requirement [CONDITIONAL]: it applies only when its condition holds.</summary>
    public bool Conditional { get; init; }
    public DateOnly? EffectiveFrom { get; init; }
    public DateOnly? Until { get; init; }
    /// <summary>What an auditor expects to see (attested and both kinds).</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];
    /// <summary>Catalogue IDs this entry makes testable or details (validated).</summary>
    public IReadOnlyList<string> Refines { get; init; } = [];
    /// <summary>Catalogue IDs this entry replaces where it applies (e.g. a CIR (EU) 2025/1929 adaptation replacing an EN 319 421 text in the qualified profile).</summary>
    public IReadOnlyList<string> Replaces { get; init; } = [];
    /// <summary>Further citations that have no catalogue entry of their own (free text).</summary>
    public IReadOnlyList<string> Cites { get; init; } = [];
    public Confidence Confidence { get; init; } = Confidence.Verified;
    public string? Notes { get; init; }
    public required string File { get; init; }
    public int Line { get; init; }

    /// <summary>Whether the requirement is in force on <paramref name="date"/> (effective_from inclusive, until inclusive).</summary>
    public bool IsInForceOn(DateOnly date) =>
        (EffectiveFrom is null || date >= EffectiveFrom) && (Until is null || date <= Until);
}

using ReferenceTsa.Defects;

namespace Conformance.Targets.Reference.Defects;

/// <summary>One defect the reference TSA can be started with, and the requirement IDs whose scenarios must then fail.</summary>
/// <param name="Name">The kebab-case name given to <see cref="ReferenceTargetSetup.Defects"/>.</param>
/// <param name="Site">Where in the TSA it is injected (issuer, TSTInfo, SignedData, response, HTTP, TSU certificate, trusted list).</param>
/// <param name="Effect">What the TSA then does wrong, in one sentence.</param>
/// <param name="CaughtBy">Requirement IDs whose scenarios fail with it.</param>
public sealed record ReferenceDefect(string Name, string Site, string Effect, IReadOnlyList<string> CaughtBy);

/// <summary>The reference TSA's defect catalogue as the defect matrix reads it (the TSA's public list, copied into suite types).</summary>
public static class ReferenceDefects
{
    /// <summary>Every defect, in the TSA's catalogue order.</summary>
    public static IReadOnlyList<ReferenceDefect> All { get; } =
        [.. DefectCatalogue.All.Select(d => new ReferenceDefect(d.Name, d.Site.ToString(), d.Effect, d.CaughtBy))];

    /// <summary>Requirements no defect breaks, each with the TSA's reason why.</summary>
    public static IReadOnlyDictionary<string, string> NotBreakable => DefectCatalogue.NotBreakable;

    /// <summary>Where the catalogue lives, for messages that ask a maintainer to extend it.</summary>
    public const string CatalogueSource = "reference-tsa/src/ReferenceTsa/Defects/DefectCatalogue.cs";

    public static ReferenceDefect? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
}

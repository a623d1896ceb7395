using Conformance.Catalogue;

namespace Conformance.Runner.Grading;

/// <summary>What the catalogue says about one requirement for grading a finding against it.</summary>
/// <param name="Level">The level resolved for the run's profile: MUST, SHOULD, MAY or INFO (MUST-Q already resolved).</param>
/// <param name="Confidence">How the catalogue's reading was checked: verified, secondary or unverified.</param>
/// <param name="Citation">Document, version and clause, e.g. "EN319422 V1.1.1 §6.4".</param>
/// <param name="Evidence">What an auditor asks the TSP to show for it (the catalogue's evidence list); empty when none is listed.</param>
public sealed record RequirementWeight(string Id, string Level, string Confidence, string Citation, IReadOnlyList<string>? Evidence = null);

/// <summary>
/// Level and confidence of every catalogue requirement, resolved for a profile: under a qualified profile MUST-Q means
/// MUST, elsewhere its base level (no base level: not required there, so INFO). Built from the catalogue the run
/// selected from; <see cref="Default"/> is the catalogue found above the working directory or the tool, without a
/// profile. When no catalogue can be read, <see cref="Problem"/> says why and every finding falls back to its
/// scenario's tag (and is then never a nonconformity, as no source was verified).
/// </summary>
public sealed class RequirementWeights
{
    private static readonly Lazy<RequirementWeights> LazyDefault = new(() => Load(null, null));
    private readonly IReadOnlyDictionary<string, RequirementWeight> _byId;

    private RequirementWeights(IReadOnlyDictionary<string, RequirementWeight> byId, string? problem)
    {
        _byId = byId;
        Problem = problem;
    }

    /// <summary>The catalogue found from the working directory or the tool's folder, no profile.</summary>
    public static RequirementWeights Default => LazyDefault.Value;

    /// <summary>No catalogue: findings are graded by their scenario's tags.</summary>
    public static RequirementWeights None(string problem) => new(new Dictionary<string, RequirementWeight>(), problem);

    /// <summary>Why no catalogue information is available; null when it is.</summary>
    public string? Problem { get; }

    public RequirementWeight? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Weights given directly (levels already resolved), e.g. by a test or another catalogue source.</summary>
    public static RequirementWeights Of(IEnumerable<RequirementWeight> weights) =>
        new(weights.ToDictionary(w => w.Id, StringComparer.Ordinal), null);

    public static RequirementWeights From(Catalogue.Catalogue catalogue, bool qualified)
    {
        var byId = new Dictionary<string, RequirementWeight>(StringComparer.Ordinal);
        foreach (Requirement r in catalogue.Requirements)
        {
            RequirementLevel? level = r.Level == RequirementLevel.MustQualified ? (qualified ? RequirementLevel.Must : r.BaseLevel) : r.Level;
            string word = level switch
            {
                RequirementLevel.Must => "MUST",
                RequirementLevel.Should => "SHOULD",
                RequirementLevel.May => "MAY",
                _ => "INFO",
            };
            byId[r.Id] = new RequirementWeight(r.Id, word, r.Confidence.ToText(), r.Source.Citation, r.Evidence);
        }

        return new RequirementWeights(byId, null);
    }

    /// <summary>Loads the catalogue from <paramref name="specDirectory"/> (or the nearest spec/) and resolves it for <paramref name="profile"/>.</summary>
    public static RequirementWeights Load(string? specDirectory, string? profile)
    {
        string? spec = SpecDirectoryLocator.Locate(specDirectory, Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (spec is null)
        {
            return None("no spec/ directory found: findings are graded by their scenario's tags, and none counts as verified");
        }

        CatalogueLoadResult loaded = CatalogueLoader.Load(spec);
        if (!loaded.IsValid)
        {
            return None($"the catalogue in {spec} is invalid ({loaded.Errors[0]}): findings are graded by their scenario's tags, and none counts as verified");
        }

        bool qualified = profile is not null && loaded.Catalogue.FindProfile(profile) is not null && loaded.Catalogue.Resolve(profile).Qualified;
        return From(loaded.Catalogue, qualified);
    }
}

namespace Conformance.Catalogue;

/// <summary>Outcome of loading spec/: the catalogue (possibly partial) and every problem found.</summary>
public sealed record CatalogueLoadResult(Catalogue Catalogue, IReadOnlyList<CatalogueDiagnostic> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

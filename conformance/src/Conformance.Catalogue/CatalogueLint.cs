namespace Conformance.Catalogue;

/// <summary>
/// Lint of the catalogue against the features: every <c>@req:</c> tag names a catalogue ID, and every
/// automated requirement selected by a profile has a scenario. Until the executable checks exist, missing
/// scenarios are counted rather than failed (<see cref="LintOptions.RequireScenarios"/> turns them into errors).
/// </summary>
public static class CatalogueLint
{
    public static LintReport Run(CatalogueLoadResult load, FeatureScan scan, LintOptions? options = null)
    {
        options ??= new LintOptions();
        var catalogue = load.Catalogue;
        var errors = new List<CatalogueDiagnostic>(load.Errors);

        foreach (var tag in scan.Tags.Where(t => catalogue.Find(t.RequirementId) is null))
        {
            errors.Add(new CatalogueDiagnostic(tag.File, tag.Line, $"@req:{tag.RequirementId} names no requirement in the catalogue"));
        }

        var index = new ScenarioIndex(catalogue, scan);
        var missingByProfile = new Dictionary<string, IReadOnlyList<Requirement>>(StringComparer.Ordinal);
        foreach (var profile in catalogue.Profiles)
        {
            var resolved = catalogue.Resolve(profile.Id);
            missingByProfile[profile.Id] = resolved.Requirements
                .Where(r => r.Kind.NeedsScenario() && !index.HasScenario(r.Id))
                .ToList();
        }

        if (options.RequireMustBasis)
        {
            errors.AddRange(UnbackedMusts(catalogue, index));
        }

        var missing = missingByProfile.Values.SelectMany(v => v).DistinctBy(r => r.Id).ToList();
        if (options.RequireScenarios)
        {
            errors.AddRange(missing.Select(r => new CatalogueDiagnostic(r.File, r.Line, $"automated requirement '{r.Id}' has no scenario tagged @req:{r.Id}")));
        }

        return new LintReport(errors, missing, missingByProfile, scan);
    }

    /// <summary>
    /// A requirement that a scenario checks at MUST (or MUST-Q) with confidence verified decides nonconformities, so it has
    /// to say what was read (<c>source.read</c>) and which normative word the source uses (<c>source.verb</c>), and that word
    /// has to be a mandatory one (shall, must, required, or an ASN.1 constraint). A "should" can back an observation only.
    /// </summary>
    public static IEnumerable<CatalogueDiagnostic> UnbackedMusts(Catalogue catalogue, ScenarioIndex index)
    {
        foreach (var r in catalogue.Requirements.Where(r => r.Level is RequirementLevel.Must or RequirementLevel.MustQualified
                     && r.Confidence == Confidence.Verified && index.HasScenario(r.Id)))
        {
            if (string.IsNullOrWhiteSpace(r.Source.Read) || string.IsNullOrWhiteSpace(r.Source.Verb))
            {
                yield return new CatalogueDiagnostic(r.File, r.Line,
                    $"requirement '{r.Id}' is checked at {r.Level.ToText()} with confidence verified: give source.verb (the source's normative word) and source.read (what was read), or lower its confidence");
            }
            else if (!IsMandatoryVerb(r.Source.Verb))
            {
                yield return new CatalogueDiagnostic(r.File, r.Line,
                    $"requirement '{r.Id}' is checked at {r.Level.ToText()} but its source says '{r.Source.Verb}': a nonconformity needs a 'shall'/'must'");
            }
        }
    }

    /// <summary>Whether a source's normative word makes a requirement mandatory (RFC 2119 MUST/SHALL/REQUIRED, ETSI "shall").</summary>
    public static bool IsMandatoryVerb(string verb)
    {
        string v = verb.Trim().ToLowerInvariant();
        return v.StartsWith("shall", StringComparison.Ordinal) || v.StartsWith("must", StringComparison.Ordinal)
            || v.StartsWith("required", StringComparison.Ordinal) || v.StartsWith("asn.1", StringComparison.Ordinal);
    }
}

public sealed record LintOptions
{
    /// <summary>
    /// Fail (instead of only counting) automated requirements without a scenario. On by default since every automated
    /// requirement has scenarios; off only while drafting new catalogue entries.
    /// </summary>
    public bool RequireScenarios { get; init; } = true;

    /// <summary>
    /// Fail a requirement checked at MUST with confidence verified that does not say which normative word its source uses
    /// and what was read, or whose source word is not mandatory. On by default; off only for fixtures about other rules.
    /// </summary>
    public bool RequireMustBasis { get; init; } = true;
}

public sealed record LintReport(
    IReadOnlyList<CatalogueDiagnostic> Errors,
    IReadOnlyList<Requirement> AutomatedWithoutScenario,
    IReadOnlyDictionary<string, IReadOnlyList<Requirement>> AutomatedWithoutScenarioByProfile,
    FeatureScan Scan)
{
    public bool Passed => Errors.Count == 0;
}

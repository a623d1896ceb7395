namespace Conformance.Catalogue.Loading;

/// <summary>
/// The checks across files, once every file is read: unique IDs and document keys, references between requirements,
/// profiles, crypto policies and the seed mapping that must resolve, and no <c>extends</c> cycles.
/// </summary>
internal sealed class CatalogueValidator(
    IReadOnlyList<SourceDocument> documents,
    IReadOnlyList<Requirement> requirements,
    IReadOnlyList<Profile> profiles,
    IReadOnlyList<CryptoPolicy> crypto,
    SeedMapping? seed)
{
    private readonly List<CatalogueDiagnostic> diagnostics = [];
    private readonly Dictionary<string, Requirement> ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Profile> profileIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CryptoPolicy> cryptoIds = new(StringComparer.Ordinal);

    public IReadOnlyList<CatalogueDiagnostic> Validate()
    {
        CheckRequirementIds();
        CheckProfileIds();
        CheckRequirementReferences();
        CheckCryptoPolicies();
        foreach (var p in profiles)
        {
            CheckProfile(p);
        }

        CheckProfileHashes();
        CheckSeedMapping();
        return diagnostics;
    }

    private void Error(string file, int line, string message) => diagnostics.Add(new CatalogueDiagnostic(file, line, message));

    private void CheckRequirementIds()
    {
        var docKeys = new Dictionary<string, SourceDocument>(StringComparer.Ordinal);
        foreach (var d in documents)
        {
            if (d.Key.Length > 0 && !docKeys.TryAdd(d.Key, d))
            {
                Error(d.File, d.Line, $"document key '{d.Key}' is already used by {docKeys[d.Key].File}:{docKeys[d.Key].Line}");
            }
        }

        var sourceRefs = new Dictionary<(string Doc, string Ref), Requirement>();
        foreach (var r in requirements)
        {
            if (!ids.TryAdd(r.Id, r))
            {
                var first = ids[r.Id];
                Error(r.File, r.Line, $"duplicate requirement ID '{r.Id}' (first defined at {first.File}:{first.Line})");
            }

            if (!docKeys.ContainsKey(r.Source.Document))
            {
                Error(r.File, r.Line, $"requirement '{r.Id}': source document '{r.Source.Document}' is not declared by any requirements file");
            }

            if (r.Source.Ref is { } sref && !sourceRefs.TryAdd((r.Source.Document, sref), r))
            {
                var first = sourceRefs[(r.Source.Document, sref)];
                Error(r.File, r.Line, $"requirement '{r.Id}': source ID {r.Source.Document} {sref} is already catalogued as '{first.Id}' ({first.File}:{first.Line}); cite it with 'refines' instead");
            }
        }
    }

    private void CheckProfileIds()
    {
        foreach (var p in profiles)
        {
            if (!profileIds.TryAdd(p.Id, p))
            {
                Error(p.File, p.Line, $"duplicate profile ID '{p.Id}' (first defined in {profileIds[p.Id].File})");
            }
        }
    }

    private void CheckRequirementReferences()
    {
        foreach (var r in requirements)
        {
            foreach (var p in r.Profiles.Where(p => !profileIds.ContainsKey(p)))
            {
                Error(r.File, r.Line, $"requirement '{r.Id}' names unknown profile '{p}' (known: {string.Join(", ", profileIds.Keys.Order(StringComparer.Ordinal))})");
            }

            foreach (var (field, targets) in new[] { ("refines", r.Refines), ("replaces", r.Replaces) })
            {
                foreach (var t in targets)
                {
                    if (!ids.ContainsKey(t))
                    {
                        Error(r.File, r.Line, $"requirement '{r.Id}': '{field}' names unknown requirement '{t}'");
                    }
                    else if (t == r.Id)
                    {
                        Error(r.File, r.Line, $"requirement '{r.Id}': '{field}' names the requirement itself");
                    }
                }
            }
        }
    }

    private void CheckCryptoPolicies()
    {
        foreach (var c in crypto)
        {
            if (c.Id.Length > 0 && !cryptoIds.TryAdd(c.Id, c))
            {
                Error(c.File, c.Line, $"duplicate crypto policy ID '{c.Id}' (first defined in {cryptoIds[c.Id].File})");
            }

            var seen = new HashSet<(CryptoAlgorithmType, string, int?, int?)>();
            foreach (var a in c.Algorithms.Where(a => !seen.Add((a.Type, a.Name, a.MinKeyBits, a.MaxKeyBits))))
            {
                Error(c.File, a.Line, $"algorithm '{a.Name}' with the same key-size band is listed twice in crypto policy '{c.Id}'");
            }
        }
    }

    private void CheckProfile(Profile p)
    {
        if (p.Extends is { } parent && !profileIds.ContainsKey(parent))
        {
            Error(p.File, p.Line, $"profile '{p.Id}' extends unknown profile '{parent}'");
        }

        var visited = new HashSet<string>(StringComparer.Ordinal) { p.Id };
        for (var cur = p.Extends; cur is not null && profileIds.TryGetValue(cur, out var next); cur = next.Extends)
        {
            if (!visited.Add(cur))
            {
                Error(p.File, p.Line, $"profile '{p.Id}' has an 'extends' cycle through '{cur}'");
                break;
            }
        }

        foreach (var (field, targets) in new[] { ("include", p.Include), ("exclude", p.Exclude) })
        {
            foreach (var t in targets.Where(t => !ids.ContainsKey(t)))
            {
                Error(p.File, p.Line, $"profile '{p.Id}': '{field}' names unknown requirement '{t}'");
            }
        }

        if (p.Parameters.CryptoPolicy is { } cp && !cryptoIds.ContainsKey(cp))
        {
            Error(p.File, p.Line, $"profile '{p.Id}': crypto_policy '{cp}' is not defined in spec/crypto");
        }
    }

    /// <summary>Hash names in profiles must exist in some crypto policy.</summary>
    private void CheckProfileHashes()
    {
        var known = crypto.SelectMany(c => c.Hashes).Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var p in profiles)
        {
            var hashes = (p.Parameters.AcceptedHashes ?? []).Concat(p.Parameters.RejectedHashes ?? []);
            foreach (var h in hashes.Where(h => !known.Contains(h)))
            {
                Error(p.File, p.Line, $"profile '{p.Id}': hash '{h}' is not defined in any crypto policy");
            }
        }
    }

    private void CheckSeedMapping()
    {
        if (seed is null)
        {
            return;
        }

        var seenBullets = new Dictionary<(string, string), SeedBullet>();
        foreach (var b in seed.Bullets)
        {
            foreach (var t in b.Requirements.Where(t => !ids.ContainsKey(t)))
            {
                Error(seed.File, b.Line, $"seed bullet '{b.Text}' maps to unknown requirement '{t}'");
            }

            foreach (var text in b.Variants.Prepend(b.Text))
            {
                var key = (b.Section, SeedText.Normalize(text));
                if (!seenBullets.TryAdd(key, b))
                {
                    Error(seed.File, b.Line, $"seed bullet '{text}' in section '{b.Section}' is already mapped at line {seenBullets[key].Line}");
                }
            }
        }
    }
}

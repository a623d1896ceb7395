namespace Conformance.Catalogue;

/// <summary>The loaded, validated catalogue: documents, requirements, profiles, crypto policies and the seed mapping.</summary>
public sealed class Catalogue
{
    private readonly Dictionary<string, Requirement> byId;
    private readonly Dictionary<string, Profile> profilesById;

    public Catalogue(
        string specDirectory,
        IReadOnlyList<SourceDocument> documents,
        IReadOnlyList<Requirement> requirements,
        IReadOnlyList<Profile> profiles,
        IReadOnlyList<CryptoPolicy> cryptoPolicies,
        SeedMapping? seedMapping)
    {
        SpecDirectory = specDirectory;
        Documents = documents;
        Requirements = requirements;
        Profiles = profiles;
        CryptoPolicies = cryptoPolicies;
        SeedMapping = seedMapping;
        byId = new Dictionary<string, Requirement>(StringComparer.Ordinal);
        foreach (var r in requirements)
        {
            byId.TryAdd(r.Id, r);
        }

        profilesById = new Dictionary<string, Profile>(StringComparer.Ordinal);
        foreach (var p in profiles)
        {
            profilesById.TryAdd(p.Id, p);
        }
    }

    /// <summary>The profile whose requirements (and every profile extending it) follow the qualified regime: MUST-Q means MUST and 'replaces' applies.</summary>
    public const string QualifiedProfileId = "eu-qualified";

    public string SpecDirectory { get; }
    public IReadOnlyList<SourceDocument> Documents { get; }
    public IReadOnlyList<Requirement> Requirements { get; }
    public IReadOnlyList<Profile> Profiles { get; }
    public IReadOnlyList<CryptoPolicy> CryptoPolicies { get; }
    public SeedMapping? SeedMapping { get; }

    public Requirement? Find(string id) => byId.GetValueOrDefault(id);

    public Profile? FindProfile(string id) => profilesById.GetValueOrDefault(id);

    /// <summary>The profile and every profile it extends, nearest first. Stops at a cycle (the loader reports cycles).</summary>
    public IReadOnlyList<Profile> ProfileChain(string id)
    {
        var chain = new List<Profile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = FindProfile(id); current is not null && seen.Add(current.Id); current = current.Extends is null ? null : FindProfile(current.Extends))
        {
            chain.Add(current);
        }

        return chain;
    }

    /// <summary>
    /// Resolves a profile into its requirement set and its effective (inherited) parameters. With
    /// <paramref name="asOf"/>, requirements not in force on that date (effective_from / until) are left out.
    /// </summary>
    public ResolvedProfile Resolve(string profileId, DateOnly? asOf = null)
    {
        var chain = ProfileChain(profileId);
        if (chain.Count == 0)
        {
            throw new ArgumentException($"unknown profile '{profileId}'", nameof(profileId));
        }

        var names = chain.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var selected = new Dictionary<string, Requirement>(StringComparer.Ordinal);
        foreach (var r in Requirements.Where(r => r.Profiles.Any(names.Contains)))
        {
            selected[r.Id] = r;
        }

        // Apply ancestors first so a nearer profile can re-include what an ancestor excluded.
        foreach (var p in chain.AsEnumerable().Reverse())
        {
            foreach (var id in p.Include)
            {
                if (Find(id) is { } r)
                {
                    selected[id] = r;
                }
            }

            foreach (var id in p.Exclude)
            {
                selected.Remove(id);
            }
        }

        // Replacements (CIR (EU) 2025/1929 adaptations) apply only where the qualified regime applies;
        // elsewhere the original EN 319 421/422 text stays in force alongside the adapted one.
        var qualified = names.Contains(QualifiedProfileId);
        if (qualified)
        {
            foreach (var replaced in selected.Values.SelectMany(r => r.Replaces).ToList())
            {
                selected.Remove(replaced);
            }
        }

        var parameters = chain.AsEnumerable().Reverse()
            .Aggregate(new ProfileParameters(), (acc, p) => p.Parameters.InheritFrom(acc));
        var ordered = Requirements
            .Where(r => selected.ContainsKey(r.Id) && (asOf is not { } day || r.IsInForceOn(day)))
            .ToList();
        return new ResolvedProfile(chain[0], ordered, parameters, qualified);
    }
}

/// <summary>A profile with its effective requirement list and parameters.</summary>
/// <param name="Qualified">True when the profile is, or extends, <c>eu-qualified</c>: MUST-Q then means MUST.</param>
public sealed record ResolvedProfile(Profile Profile, IReadOnlyList<Requirement> Requirements, ProfileParameters Parameters, bool Qualified)
{
    /// <summary>The level that applies in this profile (MUST-Q resolves to MUST when qualified, else to its base level).</summary>
    public RequirementLevel? EffectiveLevel(Requirement r) => r.Level switch
    {
        RequirementLevel.MustQualified => Qualified ? RequirementLevel.Must : r.BaseLevel,
        _ => r.Level,
    };
}

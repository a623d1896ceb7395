using Conformance.Catalogue;
using Conformance.Checks.Outcomes;

namespace Conformance.Steps.Context;

/// <summary>
/// The crypto policy a token is judged by: the one the eu-qualified profile names (ECCG ACM, CIR (EU) 2025/1929) for
/// a qualified service or a token declared qualified, the one the etsi profile names (TS 119 312) otherwise. Both come
/// from the catalogue (spec/profiles, spec/crypto), never from the features.
/// </summary>
public static class CryptoPolicies
{
    private static readonly Lazy<Catalogue.Catalogue?> Loaded = new(() =>
    {
        string? spec = SpecDirectoryLocator.Locate(null, Environment.CurrentDirectory, AppContext.BaseDirectory);
        return spec is null ? null : CatalogueLoader.Load(spec).Catalogue;
    });

    // Resolved once per kind: resolving a profile walks the whole catalogue, and offline inspection asks per scenario.
    private static readonly Lazy<CryptoPolicy>[] Resolved =
        [new(() => Resolve(false), LazyThreadSafetyMode.PublicationOnly), new(() => Resolve(true), LazyThreadSafetyMode.PublicationOnly)];

    /// <summary>The policy for a qualified (true) or non-qualified token; a missing catalogue or policy is a target error each time it is asked.</summary>
    public static CryptoPolicy For(bool qualified) => Resolved[qualified ? 1 : 0].Value;

    private static CryptoPolicy Resolve(bool qualified)
    {
        Catalogue.Catalogue catalogue = Loaded.Value ?? throw new TargetErrorException("the requirement catalogue (spec/) was not found, so no crypto policy is at hand");
        string profile = qualified ? Catalogue.Catalogue.QualifiedProfileId : "etsi";
        string policyId = catalogue.Resolve(profile).Parameters.CryptoPolicy
            ?? throw new TargetErrorException($"profile {profile} names no crypto_policy");
        return catalogue.CryptoPolicies.FirstOrDefault(p => p.Id == policyId)
            ?? throw new TargetErrorException($"crypto policy {policyId} (profile {profile}) is not in spec/crypto");
    }
}

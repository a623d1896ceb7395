using System.Security.Cryptography.X509Certificates;

namespace Reports;

/// <summary>
/// A certificate path that must end at one of the given anchors (the system's roots play no part), built at a given
/// time. Revocation is not checked: the callers say so where it matters.
/// </summary>
internal static class AnchoredChain
{
    /// <summary>Builds the path; the caller disposes the chain and reads its elements and statuses.</summary>
    public static X509Chain Build(X509Certificate2 leaf, IEnumerable<X509Certificate2> anchors, X509Certificate2Collection? intermediates,
        DateTimeOffset? at, out bool valid)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }

        if (at is { } time)
        {
            chain.ChainPolicy.VerificationTime = time.UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        valid = chain.Build(leaf);
        return chain;
    }
}

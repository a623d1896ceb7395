using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Certificates;
using ReferenceTsa.Configuration;
using ReferenceTsa.Defects;
using ReferenceTsa.Protocol;
using ReferenceTsa.Signing;

namespace ReferenceTsa.Issuance;

/// <summary>What loading a TSU needs beyond its own section.</summary>
/// <param name="BaseDirectory">The configuration file's folder; relative paths are relative to it.</param>
/// <param name="DataDirectory">The TSA's data folder (full path), for PKCS#11 key events.</param>
/// <param name="CryptoPolicy">The production algorithm policy, or null.</param>
/// <param name="Defects">Development-mode defects; those of the TSU certificate re-issue it from the dev CA.</param>
public sealed record TsuLoadContext(string BaseDirectory, string DataDirectory, DateTimeOffset Now, bool AllowSoftwareKeys,
    TsuCryptoPolicy? CryptoPolicy, ActiveDefects Defects);

/// <summary>
/// Loads one Tsa:Tsus:NAME section into a <see cref="TimeStampingUnit"/>: the certificate (EN 319 421 TIS-7.6.4-04:
/// no issuance without one, and it must pass the TSU profile), its chain, the SignerInfo digest and the key, which
/// must belong to the certificate and pass the algorithm policy. Any problem names its setting and the TSU is null.
/// </summary>
public static class TsuSettings
{
    private static readonly DigestAlgorithm[] SignerDigests = [DigestAlgorithm.Sha256, DigestAlgorithm.Sha384, DigestAlgorithm.Sha512];

    public static TimeStampingUnit? Load(string name, TsuOptions tsu, TsuLoadContext context, List<ConfigurationProblem> problems)
    {
        string prefix = $"Tsa:Tsus:{name}";
        int before = problems.Count;
        var certificate = LoadCertificate(prefix, tsu, context, problems);
        var chain = LoadChain(prefix, tsu, context.BaseDirectory, problems);
        var digest = DigestAlgorithm.FromName(tsu.SignerDigest);
        if (digest is null || !SignerDigests.Contains(digest))
        {
            problems.Add(new($"{prefix}:SignerDigest", $"'{tsu.SignerDigest}' is not one of SHA256, SHA384, SHA512"));
            digest = null;
        }

        var key = SigningKeySettings.Open(prefix, tsu.Key, context.AllowSoftwareKeys, context.BaseDirectory, context.DataDirectory, problems);
        CheckKeyAgainstCertificate(prefix, key, certificate, context.CryptoPolicy, problems);
        if (problems.Count > before || key is null || certificate is null || digest is null)
        {
            key?.Dispose();
            certificate?.Dispose();
            chain.ForEach(c => c.Dispose());
            return null;
        }

        // Development-mode defects that need a flawed TSU certificate get it from the dev CA here (Defects/).
        (certificate, key) = CertificateFlaws.Apply(context.Defects, certificate, key, context.BaseDirectory, context.Now);
        try
        {
            return new TimeStampingUnit(name, certificate, chain, key, digest);
        }
        catch (NotSupportedException e)
        {
            problems.Add(new($"{prefix}:SignerDigest", e.Message));
            key.Dispose();
            certificate.Dispose();
            return null;
        }
    }

    private static X509Certificate2? LoadCertificate(string prefix, TsuOptions tsu, TsuLoadContext context, List<ConfigurationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(tsu.Certificate))
        {
            problems.Add(new($"{prefix}:Certificate", "no TSU certificate is configured (EN 319 421 TIS-7.6.4-04: no issuance without one)"));
            return null;
        }

        var certificate = CertificateFile.Load(Path.GetFullPath(tsu.Certificate, context.BaseDirectory), $"{prefix}:Certificate", problems);
        if (certificate is not null)
        {
            foreach (string problem in TsuCertificateProfile.Problems(certificate, context.Now))
            {
                problems.Add(new($"{prefix}:Certificate", $"{certificate.Subject}: {problem}"));
            }
        }

        return certificate;
    }

    private static List<X509Certificate2> LoadChain(string prefix, TsuOptions tsu, string baseDirectory, List<ConfigurationProblem> problems)
    {
        var chain = new List<X509Certificate2>();
        for (int i = 0; i < tsu.Chain.Count; i++)
        {
            var ca = CertificateFile.Load(Path.GetFullPath(tsu.Chain[i], baseDirectory), $"{prefix}:Chain:{i}", problems);
            if (ca is not null)
            {
                chain.Add(ca);
            }
        }

        return chain;
    }

    private static void CheckKeyAgainstCertificate(string prefix, ITsuSigningKey? key, X509Certificate2? certificate,
        TsuCryptoPolicy? cryptoPolicy, List<ConfigurationProblem> problems)
    {
        if (key is null || certificate is null)
        {
            return;
        }

        if (!key.MatchesCertificate(certificate))
        {
            problems.Add(new($"{prefix}:Key", $"the key {key.Description} does not belong to the certificate {certificate.Subject}"));
        }

        if (cryptoPolicy is not null)
        {
            foreach (string problem in cryptoPolicy.Problems(certificate, key.Scheme))
            {
                problems.Add(new($"{prefix}:Certificate", $"{certificate.Subject}: {problem}"));
            }
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.TrustedLists.Model;

namespace Conformance.TrustedLists.Qualification;

/// <summary>
/// The services of one list indexed once by public key and by subject, so that deciding many tokens against a large
/// list costs lookups, not a walk over the XML per token.
/// </summary>
internal sealed class ServiceIndex
{
    private readonly Dictionary<string, List<(TrustService Service, X509Certificate2 Certificate)>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TrustService>> _bySubjectWithoutCertificate = new(StringComparer.Ordinal);

    public ServiceIndex(TrustedList list)
    {
        foreach (TrustService service in list.Providers.SelectMany(p => p.Services))
        {
            foreach (X509Certificate2 certificate in service.Identity.Certificates)
            {
                Add(_byKey, KeyOf(certificate), (service, certificate));
                Certificates.Add(certificate);
            }

            if (service.Identity.Certificates.Count == 0)
            {
                foreach (string subject in service.Identity.SubjectNames)
                {
                    if (DistinguishedNames.NormalizeText(subject) is { } normalized)
                    {
                        Add(_bySubjectWithoutCertificate, normalized, service);
                    }
                }
            }
        }
    }

    /// <summary>Every certificate named by a service of the list: candidate issuers when walking up from a TSU certificate.</summary>
    public List<X509Certificate2> Certificates { get; } = [];

    /// <summary>
    /// Services whose digital identity is this certificate: same public key and same subject (a certificate re-issued
    /// with the same key and subject matches), or, for an identity without certificate, same subject and key identifier.
    /// </summary>
    public IEnumerable<TrustService> Matching(X509Certificate2 certificate)
    {
        string subject = DistinguishedNames.Normalize(certificate.SubjectName);
        var found = new HashSet<TrustService>(ReferenceEqualityComparer.Instance);
        if (_byKey.TryGetValue(KeyOf(certificate), out var byKey))
        {
            foreach ((TrustService service, X509Certificate2 listed) in byKey)
            {
                if (DistinguishedNames.Normalize(listed.SubjectName) == subject && found.Add(service))
                {
                    yield return service;
                }
            }
        }

        if (_bySubjectWithoutCertificate.TryGetValue(subject, out var bySubject))
        {
            byte[]? ski = SubjectKeyIdentifier(certificate);
            foreach (TrustService service in bySubject.Where(s => ski is not null && s.Identity.SubjectKeyIdentifiers.Any(k => k.AsSpan().SequenceEqual(ski))))
            {
                if (found.Add(service))
                {
                    yield return service;
                }
            }
        }
    }

    private static string KeyOf(X509Certificate2 certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    private static byte[]? SubjectKeyIdentifier(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes.ToArray();

    private static void Add<T>(Dictionary<string, List<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var values))
        {
            index[key] = values = [];
        }

        values.Add(value);
    }
}

using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Evidence;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Transport;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;

namespace Conformance.Checks.Revocation;

/// <summary>
/// Gathers revocation information for one certificate: local CRL files issued by its CA, else the CRLs its CRL
/// distribution points publish over HTTP(S), and OCSP from its AIA when it names a responder. Whatever could not be
/// obtained is kept as a reason, so an incomplete check says why.
/// </summary>
public sealed class RevocationLookup
{
    public List<CrlSource> Crls { get; } = [];
    public List<RevocationAnswer> OcspAnswers { get; } = [];

    /// <summary>Sources tried without result, each with the reason (unreachable, not a CRL, another issuer, ...).</summary>
    public List<string> Problems { get; } = [];

    public static async Task<RevocationLookup> RunAsync(X509Certificate2 certificate, X509Certificate2? issuer, RevocationSettings settings,
        TsaHttpClient? http, IEvidenceSink? evidence, string label, CancellationToken cancellationToken = default)
    {
        var lookup = new RevocationLookup();
        await lookup.ReadLocalCrlsAsync(certificate, settings.CrlFiles, evidence, label, cancellationToken).ConfigureAwait(false);
        if (lookup.Crls.Count == 0)
        {
            await lookup.DownloadCrlsAsync(certificate, http, evidence, label, cancellationToken).ConfigureAwait(false);
        }

        if (settings.UseOcsp && http is not null && issuer is not null)
        {
            foreach (Uri responder in OcspResponders(certificate))
            {
                (RevocationAnswer? answer, string? problem) = await OcspSource.AskAsync(responder, certificate, issuer, http, evidence, label, cancellationToken).ConfigureAwait(false);
                if (answer is not null)
                {
                    lookup.OcspAnswers.Add(answer);
                }
                else
                {
                    lookup.Problems.Add(problem!);
                }
            }
        }

        return lookup;
    }

    /// <summary>The local CRL files (revocation: crls in the target file) that the certificate's issuer signed.</summary>
    private async Task ReadLocalCrlsAsync(X509Certificate2 certificate, IEnumerable<string> files, IEvidenceSink? evidence, string label, CancellationToken cancellationToken)
    {
        foreach (string file in files)
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Problems.Add($"{file}: cannot be read: {e.Message}");
                continue;
            }

            if (!CrlSource.TryRead(bytes, file, out CrlSource? crl, out string? error))
            {
                Problems.Add(error!);
            }
            else if (!crl!.IsIssuedBy(certificate))
            {
                Problems.Add($"{file}: issued by {crl.Issuer}, not by the certificate's issuer {certificate.Issuer}");
            }
            else
            {
                Crls.Add(crl);
                evidence?.Save(label + "-crl", "crl", crl.Encoded);
            }
        }
    }

    /// <summary>The CRLs the certificate's http(s) distribution points publish; nothing is downloaded offline.</summary>
    private async Task DownloadCrlsAsync(X509Certificate2 certificate, TsaHttpClient? http, IEvidenceSink? evidence, string label, CancellationToken cancellationToken)
    {
        IReadOnlyList<Uri> points = DistributionPoints(certificate);
        if (points.Count == 0)
        {
            Problems.Add("the certificate names no http(s) CRL distribution point");
        }

        foreach (Uri point in points)
        {
            if (http is null)
            {
                Problems.Add($"{point}: not downloaded (offline)");
                continue;
            }

            try
            {
                HttpExchange exchange = await http.SendAsync(HttpMethod.Get, point, null, ReadOnlyMemory<byte>.Empty, evidence, label + "-crl", cancellationToken).ConfigureAwait(false);
                if (!exchange.IsSuccessStatus)
                {
                    Problems.Add(exchange.Describe());
                }
                else if (!CrlSource.TryRead(exchange.Body.ToArray(), point.ToString(), out CrlSource? crl, out string? error))
                {
                    Problems.Add(error!);
                }
                else
                {
                    Crls.Add(crl!);
                }
            }
            catch (TargetErrorException e)
            {
                Problems.Add(e.Message);
            }
        }
    }

    /// <summary>The http(s) URIs of the certificate's CRL distribution points (RFC 5280 §4.2.1.13); LDAP ones are skipped.</summary>
    public static IReadOnlyList<Uri> DistributionPoints(X509Certificate2 certificate)
    {
        System.Security.Cryptography.X509Certificates.X509Extension? extension = certificate.Extensions[Protocol.Oids.CrlDistributionPoints];
        if (extension is null)
        {
            return [];
        }

        var uris = new List<Uri>();
        try
        {
            foreach (DistributionPoint point in CrlDistPoint.GetInstance(Asn1Object.FromByteArray(extension.RawData)).GetDistributionPoints())
            {
                if (point.DistributionPointName?.Name is GeneralNames names)
                {
                    uris.AddRange(names.GetNames().Where(n => n.TagNo == GeneralName.UniformResourceIdentifier)
                        .Select(n => n.Name.ToString()).OfType<string>()
                        .Select(u => Uri.TryCreate(u, UriKind.Absolute, out Uri? uri) ? uri : null).OfType<Uri>()
                        .Where(u => u.Scheme is "http" or "https"));
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or IOException or Asn1Exception or InvalidCastException)
        {
            return [];
        }

        return uris;
    }

    /// <summary>The OCSP responders the certificate's authorityInfoAccess names (RFC 5280 §4.2.2.1).</summary>
    public static IReadOnlyList<Uri> OcspResponders(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>()
            .SelectMany(a => a.EnumerateOcspUris())
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out Uri? uri) ? uri : null).OfType<Uri>()
            .Where(u => u.Scheme is "http" or "https").ToList();

    /// <summary>The certificate among <paramref name="candidates"/> whose key signed <paramref name="certificate"/>.</summary>
    public static X509Certificate2? FindIssuer(X509Certificate2 certificate, IEnumerable<X509Certificate2> candidates)
    {
        var subject = DotNetUtilities.FromX509Certificate(certificate);
        foreach (X509Certificate2 candidate in candidates.Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData)
            || Protocol.CertificateMatching.SameName(c.SubjectName.RawData, certificate.IssuerName.RawData)))
        {
            try
            {
                subject.Verify(DotNetUtilities.FromX509Certificate(candidate).GetPublicKey());
                return candidate;
            }
            catch (Exception e) when (e is InvalidKeyException or SignatureException or Org.BouncyCastle.Security.Certificates.CertificateException or ArgumentException)
            {
            }
        }

        return null;
    }
}

using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Configuration;
using ReferenceTsa.Protocol;
using ReferenceTsa.Signing;

namespace ReferenceTsa.Defects;

/// <summary>
/// TSU-certificate defects: at start-up, the development CA (dev-root-ca.pem and its key next to the configuration,
/// as `dev init` leaves them) re-issues the configured TSU certificate for the same key and subject, with the flaw.
/// The configured certificate has passed the start-up profile check already; only the twin carries the flaw.
/// </summary>
public static class CertificateFlaws
{
    public const string CaKeyFileName = "dev-root-ca.key.pem";
    private const string CodeSigningPurpose = "1.3.6.1.5.5.7.3.3";
    private const string OcspNoCheckExtension = "1.3.6.1.5.5.7.48.1.5";
    private const string CrlDistributionPoints = "2.5.29.31";
    private const string SubjectKeyIdentifier = "2.5.29.14";
    private const string AuthorityKeyIdentifier = "2.5.29.35";
    private const string EtsiNcpPolicy = "0.4.0.2042.1.1";
    private const string OrganizationName = "2.5.4.10";

    public static (X509Certificate2 Certificate, ITsuSigningKey Key) Apply(ActiveDefects defects, X509Certificate2 certificate,
        ITsuSigningKey key, string baseDirectory, DateTimeOffset now)
    {
        var flaws = defects.List.Where(d => d.Site == DefectSite.TsuCertificate).ToList();
        if (flaws.Count == 0)
        {
            return (certificate, key);
        }

        string caPath = Path.Combine(baseDirectory, EmbeddedDefault.RootCaFileName);
        string caKeyPath = Path.Combine(baseDirectory, CaKeyFileName);
        if (!File.Exists(caPath) || !File.Exists(caKeyPath))
        {
            throw new TsaConfigurationException(DefectSettings.DefectsSetting, [new ConfigurationProblem(DefectSettings.DefectsSetting,
                $"{string.Join(", ", flaws)} need the development CA ({caPath} and {caKeyPath}, as dev init writes them) to re-issue the TSU certificate")]);
        }

        using var caCertificate = X509CertificateLoader.LoadCertificateFromFile(caPath);
        using var caKey = RSA.Create();
        caKey.ImportFromPem(File.ReadAllText(caKeyPath));

        PublicKey publicKey = certificate.PublicKey;
        ITsuSigningKey signingKey = key;
        if (defects.Has(DefectCatalogue.TsuKeyRsa1024))
        {
            var weak = RSA.Create(1024);
            publicKey = new PublicKey(weak);
            signingKey = new SoftwareSigningKey(weak, SignatureScheme.RsaPkcs1, "software RSA-1024 key (defect tsu-key-rsa-1024)");
        }

        using var throwAwayCaKey = defects.Has(DefectCatalogue.UntrustedIssuer) ? RSA.Create(2048) : null;
        using var throwAwayCa = throwAwayCaKey is null ? null : ThrowAwayCa(throwAwayCaKey, now);
        var issuerCertificate = throwAwayCa ?? caCertificate;
        var issuerKey = throwAwayCaKey ?? caKey;

        var request = new CertificateRequest(Subject(certificate, defects), publicKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddExtensions(request, certificate, defects, publicKey, issuerCertificate);
        var notAfter = defects.Has(DefectCatalogue.CertificateOutlivesAlgorithm)
            ? new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (defects.Has(DefectCatalogue.PrivateKeyUsagePeriodBeyondCertificate))
        {
            request.CertificateExtensions.Add(new X509Extension(Oids.PrivateKeyUsagePeriod, PrivateKeyUsageEnding(notAfter.AddYears(1)), critical: false));
        }

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var flawed = request.Create(issuerCertificate.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1),
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), notAfter, serial);
        if (defects.Has(DefectCatalogue.TsuCertificateRevoked))
        {
            Revoke(flawed, caCertificate, caKey, Path.Combine(baseDirectory, EmbeddedDefault.RootCaCrlFileName), now);
        }

        if (!ReferenceEquals(signingKey, key))
        {
            key.Dispose();
        }

        certificate.Dispose();
        return (flawed, signingKey);
    }

    /// <summary>The configured certificate's extensions, rewritten for the flaws, plus those the flaws add.</summary>
    private static void AddExtensions(CertificateRequest request, X509Certificate2 certificate, ActiveDefects defects, PublicKey publicKey,
        X509Certificate2 issuerCertificate)
    {
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (Rewrite(extension, defects, publicKey, issuerCertificate) is { } kept)
            {
                request.CertificateExtensions.Add(kept);
            }
        }

        if (defects.Has(DefectCatalogue.TsuCertificateCa) && certificate.Extensions[Oids.BasicConstraints] is null)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        }

        if (defects.Has(DefectCatalogue.OcspNoCheck))
        {
            request.CertificateExtensions.Add(new X509Extension(OcspNoCheckExtension, [0x05, 0x00], critical: false));
        }

        if (defects.Has(DefectCatalogue.CertificateEsi4Statement))
        {
            request.CertificateExtensions.Add(new X509Extension(Oids.QcStatementsExtension, TstInfoDeviations.None.QcStatementsValue(), critical: false));
        }
    }

    /// <summary>
    /// tsu-certificate-revoked: the dev CA's CRL file (what dev init writes and the target names as its revocation source)
    /// gets an entry for <paramref name="certificate"/>, revoked a minute ago for keyCompromise, and a higher CRL number.
    /// </summary>
    private static void Revoke(X509Certificate2 certificate, X509Certificate2 caCertificate, RSA caKey, string crlPath, DateTimeOffset now)
    {
        System.Numerics.BigInteger crlNumber = 0;
        var builder = File.Exists(crlPath)
            ? CertificateRevocationListBuilder.LoadPem(File.ReadAllText(crlPath), out crlNumber)
            : new CertificateRevocationListBuilder();
        builder.AddEntry(certificate, now.AddMinutes(-1), X509RevocationReason.KeyCompromise);
        using var issuer = caCertificate.CopyWithPrivateKey(caKey);
        byte[] crl = builder.Build(issuer, crlNumber + 1, now.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, now.AddMinutes(-1));
        File.WriteAllText(crlPath, PemEncoding.WriteString("X509 CRL", crl));
    }

    /// <summary>A self-signed CA nobody declared as a trust anchor, for untrusted-issuer.</summary>
    private static X509Certificate2 ThrowAwayCa(RSA key, DateTimeOffset now)
    {
        var request = new CertificateRequest("CN=Untrusted throw-away CA (defect untrusted-issuer), O=Nobody, C=NO", key,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
    }

    private static X500DistinguishedName Subject(X509Certificate2 certificate, ActiveDefects defects)
    {
        bool dropOrganization = defects.Has(DefectCatalogue.SubjectWithoutOrganization);
        bool dropOrganizationIdentifier = defects.Has(DefectCatalogue.SubjectWithoutOrganizationIdentifier);
        if (!dropOrganization && !dropOrganizationIdentifier)
        {
            return certificate.SubjectName;
        }

        // The enumeration starts with the most specific RDN (CN) and the builder encodes in reverse order of addition,
        // so the encoded order (C, O, organizationIdentifier, CN) is kept.
        var builder = new X500DistinguishedNameBuilder();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            string oid = rdn.GetSingleElementType().Value ?? "";
            string value = rdn.GetSingleElementValue() ?? "";
            if ((dropOrganization && oid == OrganizationName) || (dropOrganizationIdentifier && oid == Oids.OrganizationIdentifier))
            {
                continue;
            }

            if (oid == "2.5.4.6")
            {
                builder.AddCountryOrRegion(value);
            }
            else
            {
                builder.Add(oid, value, UniversalTagNumber.UTF8String);
            }
        }

        return builder.Build();
    }

    /// <summary>The extension as the flawed certificate carries it, or null to leave it out.</summary>
    private static X509Extension? Rewrite(X509Extension extension, ActiveDefects defects, PublicKey publicKey, X509Certificate2 issuer)
    {
        switch (extension.Oid?.Value)
        {
            case Oids.ExtendedKeyUsage when defects.Has(DefectCatalogue.EkuExtra) || defects.Has(DefectCatalogue.EkuNotCritical):
                var purposes = new OidCollection { new Oid(Oids.TimeStampingPurpose) };
                if (defects.Has(DefectCatalogue.EkuExtra))
                {
                    purposes.Add(new Oid(CodeSigningPurpose));
                }

                return new X509EnhancedKeyUsageExtension(purposes, critical: !defects.Has(DefectCatalogue.EkuNotCritical));
            case Oids.KeyUsage when defects.Has(DefectCatalogue.KeyUsageExtra):
                return new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true);
            case Oids.BasicConstraints when defects.Has(DefectCatalogue.TsuCertificateCa):
                return new X509BasicConstraintsExtension(true, false, 0, true);
            case Oids.PrivateKeyUsagePeriod when defects.Has(DefectCatalogue.PrivateKeyUsagePeriodMissing) || defects.Has(DefectCatalogue.PrivateKeyUsagePeriodBeyondCertificate):
            case CrlDistributionPoints when defects.Has(DefectCatalogue.CrlDistributionPointMissing):
                return null;
            case Oids.CertificatePolicies when defects.Has(DefectCatalogue.QualifiedTsuNcpPolicy):
                return new X509Extension(Oids.CertificatePolicies, PolicyOids(EtsiNcpPolicy), critical: false);
            case SubjectKeyIdentifier:
                return new X509SubjectKeyIdentifierExtension(publicKey, false);
            case AuthorityKeyIdentifier:
                return X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false);
            default:
                return extension;
        }
    }

    /// <summary>PrivateKeyUsagePeriod ::= SEQUENCE { notAfter [1] IMPLICIT GeneralizedTime } (RFC 5280 §4.2.1.4 as in RFC 3280).</summary>
    private static byte[] PrivateKeyUsageEnding(DateTimeOffset end)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteGeneralizedTime(end, omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 1));
        }

        return writer.Encode();
    }

    private static byte[] PolicyOids(string policy)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(policy);
        }

        return writer.Encode();
    }
}

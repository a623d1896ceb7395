using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Certificates;

/// <summary>
/// A development CA that issues TSU certificates in the EN 319 422 §6 shape: subject C, O, organizationIdentifier
/// and CN; EKU id-kp-timeStamping only and critical; keyUsage digitalSignature, critical; privateKeyUsagePeriod
/// ending before notAfter. For development and tests only: its key sits unprotected on disk.
/// </summary>
public sealed class DevCertificateAuthority : IDisposable
{
    /// <summary>A UUID-based OID (ITU-T X.667) naming the development TSU certificate policy.</summary>
    public const string DevCertificatePolicyOid = "2.25.214221073262772664862190051966570078830";

    private readonly RSA _key;

    private DevCertificateAuthority(RSA key, X509Certificate2 certificate)
    {
        _key = key;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public static DevCertificateAuthority Create(DateTimeOffset now)
    {
        var key = RSA.Create(3072);
        // X500DistinguishedNameBuilder encodes the RDNs in reverse order of addition: most specific first here,
        // so the encoded Name reads C, O, CN as certificate names conventionally do.
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("Reference TSA Development Root CA (not for production)");
        subject.AddOrganizationName("Reference TSA Development");
        subject.AddCountryOrRegion("NO");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return new DevCertificateAuthority(key, certificate);
    }

    public static DevCertificateAuthority Load(string certificatePemPath, string keyPemPath)
    {
        var certificate = X509CertificateLoader.LoadCertificateFromFile(certificatePemPath);
        var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(keyPemPath));
        return new DevCertificateAuthority(key, certificate);
    }

    /// <summary>Where the dev CA would publish its certificate and CRL: the reserved .invalid domain (RFC 6761), never fetched.</summary>
    public const string DevPublicationBase = "http://reference-tsa.invalid/";

    /// <summary>
    /// Issues a TSU certificate for <paramref name="publicKey"/>; the private key never reaches the CA. The
    /// certificate never outlives <paramref name="notAfterLimit"/> (the end of its algorithm's fitness,
    /// EN 319 421 TIS-7.6.5-01), and its privateKeyUsagePeriod ends at least a day before the certificate does.
    /// </summary>
    public X509Certificate2 IssueTsuCertificate(PublicKey publicKey, string commonName, DateTimeOffset now,
        TimeSpan certificateLifetime, TimeSpan privateKeyLifetime, DateTimeOffset? notAfterLimit = null)
    {
        // Added most specific first; the builder encodes in reverse, giving C, O, organizationIdentifier, CN.
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        // EN 319 412-1 §5.1.4 semantics: NTR (national trade register) + country + identifier. Fictitious.
        subject.Add(Oids.OrganizationIdentifier, "NTRNO-000000000", UniversalTagNumber.UTF8String);
        subject.AddOrganizationName("Reference TSA Development");
        subject.AddCountryOrRegion("NO");

        var request = new CertificateRequest(subject.Build(), publicKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.TimeStampingPurpose)], critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        request.CertificateExtensions.Add(CertificatePolicies(DevCertificatePolicyOid));
        // EN 319 412-2 GEN-4.3.11/GEN-4.4.1 (via EN 319 422 §6.1): AIA, and a CRL distribution point without OCSP.
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [DevPublicationBase + "dev-root-ca.cer"], false));
        request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([DevPublicationBase + "dev-root-ca.crl"], false));

        var notBefore = now.AddMinutes(-5);
        var notAfter = now + certificateLifetime;
        if (notAfterLimit is { } limit && limit < notAfter)
        {
            notAfter = limit;
        }

        var keyNotAfter = now + privateKeyLifetime;
        if (keyNotAfter > notAfter.AddDays(-1))
        {
            keyNotAfter = notAfter.AddDays(-1);
        }

        if (keyNotAfter <= now)
        {
            throw new ArgumentException($"a TSU certificate ending {notAfter:u} leaves its key no time to sign; use another key type");
        }

        request.CertificateExtensions.Add(new PrivateKeyUsagePeriod(notBefore, keyNotAfter).ToExtension());

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(_key, RSASignaturePadding.Pkcs1),
            notBefore, notAfter, serial);
    }

    public string ExportKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>
    /// A TLS server certificate for the loopback host (SAN DNS localhost and IP 127.0.0.1 and ::1, EKU serverAuth) and
    /// its private key, both PEM, issued by this CA: HTTPS for the development TSA (EN 319 422 §7, CIR (EU) 2025/1929
    /// Annex point 2(9)). Clients trust the dev root CA for it.
    /// </summary>
    public (string CertificatePem, string KeyPem) IssueLoopbackTlsCertificate(DateTimeOffset now, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("localhost");
        subject.AddOrganizationName("Reference TSA Development");
        subject.AddCountryOrRegion("NO");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        DateTimeOffset caNotAfter = new(Certificate.NotAfter.ToUniversalTime());
        DateTimeOffset notAfter = now + lifetime < caNotAfter ? now + lifetime : caNotAfter;
        using var issued = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(_key, RSASignaturePadding.Pkcs1),
            now.AddMinutes(-5), notAfter, serial);
        return (issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// An empty CRL of the dev CA (nothing revoked), valid for a year: what the CRL distribution point of the dev
    /// certificates stands for, so relying parties that check revocation can be given it as a file.
    /// </summary>
    public string ExportEmptyCrlPem(DateTimeOffset now)
    {
        using var issuer = Certificate.HasPrivateKey
            ? X509CertificateLoader.LoadCertificate(Certificate.RawData).CopyWithPrivateKey(_key)
            : Certificate.CopyWithPrivateKey(_key);
        byte[] crl = new CertificateRevocationListBuilder().Build(issuer, crlNumber: 1, nextUpdate: now.AddYears(1),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, thisUpdate: now.AddMinutes(-5));
        return PemEncoding.WriteString("X509 CRL", crl);
    }

    private static X509Extension CertificatePolicies(string policyOid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(policyOid);
        }

        return new X509Extension(Oids.CertificatePolicies, writer.Encode(), critical: false);
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }
}

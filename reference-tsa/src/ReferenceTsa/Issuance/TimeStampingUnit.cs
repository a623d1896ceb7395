using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Protocol;
using ReferenceTsa.Signing;

namespace ReferenceTsa.Issuance;

/// <summary>
/// A time-stamping unit (EN 319 421 §3.1): one signing key with its certificate. Everything about the signer that
/// is the same in every token (identifiers, the ESSCertIDv2 attribute, the certificate set) is encoded once here.
/// </summary>
public sealed class TimeStampingUnit : IDisposable
{
    public TimeStampingUnit(string name, X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain,
        ITsuSigningKey signingKey, DigestAlgorithm signerDigest)
    {
        Name = name;
        Certificate = certificate;
        Chain = chain;
        SigningKey = signingKey;
        SignerDigest = signerDigest;
        DigestAlgorithmIdentifier = SignatureAlgorithmIdentifier.ForDigest(signerDigest);
        SignatureAlgorithmIdentifierDer = SignatureAlgorithmIdentifier.ForSignature(signingKey.Scheme, signerDigest);
        IssuerAndSerialNumber = EncodeIssuerAndSerialNumber(certificate);
        CertificateSha256 = SHA256.HashData(certificate.RawData);
        SigningCertificateV2 = EncodeSigningCertificateV2(certificate);
        CertificateSet = EncodeCertificateSet([certificate, .. chain]);
        CertificatesField = TimeStampTokenBuilder.WithReplacedTag(CertificateSet, 0xA0);
        SubjectName = certificate.SubjectName.RawData;
        PrivateKeyUsagePeriod = Certificates.PrivateKeyUsagePeriod.FromCertificate(certificate);
    }

    /// <summary>
    /// Why the TSU may not sign at <paramref name="now"/>, or null when it may: before the certificate is valid,
    /// after its notAfter, or outside the privateKeyUsagePeriod (EN 319 421 TIS-7.6.4-04, TIS-7.6.7-06, TIS-7.7.1-09).
    /// </summary>
    public string? CannotSignAt(DateTimeOffset now)
    {
        if (now < Certificate.NotBefore.ToUniversalTime())
        {
            return $"TSU certificate not valid before {Certificate.NotBefore.ToUniversalTime():u}";
        }

        if (now > Certificate.NotAfter.ToUniversalTime())
        {
            return $"TSU certificate expired at {Certificate.NotAfter.ToUniversalTime():u}";
        }

        return PrivateKeyUsagePeriod is { } period && !period.Covers(now)
            ? $"TSU private key usage period ended at {period.NotAfter:u}"
            : null;
    }

    /// <summary>The certificate's privateKeyUsagePeriod, if it has one: signing stops at its end.</summary>
    public Certificates.PrivateKeyUsagePeriod? PrivateKeyUsagePeriod { get; }

    /// <summary>When this TSU stops signing: the certificate's notAfter or the end of its private key usage period, whichever is first.</summary>
    public DateTimeOffset SigningEndsAt =>
        PrivateKeyUsagePeriod?.NotAfter is { } keyEnd && keyEnd < Certificate.NotAfter.ToUniversalTime()
            ? keyEnd
            : new DateTimeOffset(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>How long before <see cref="SigningEndsAt"/> operators are warned (Tsa:ExpiryWarningDays, log, /metrics, /readyz).</summary>
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromDays(30);

    /// <summary>True from <see cref="ExpiryWarning"/> before the end of signing until the end.</summary>
    public bool ExpiresSoon(DateTimeOffset now) => now < SigningEndsAt && SigningEndsAt - now <= ExpiryWarning;

    public string Name { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>Intermediate CA certificates sent with the TSU certificate when certReq is TRUE (never the root).</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    public ITsuSigningKey SigningKey { get; }

    public DigestAlgorithm SignerDigest { get; }

    /// <summary>SHA-256 of the TSU certificate, named in every token's evidence record.</summary>
    public byte[] CertificateSha256 { get; }

    internal byte[] DigestAlgorithmIdentifier { get; }

    internal byte[] SignatureAlgorithmIdentifierDer { get; }

    internal byte[] IssuerAndSerialNumber { get; }

    /// <summary>The DER value of the SigningCertificateV2 attribute (RFC 5035 §5.4.1.1).</summary>
    internal byte[] SigningCertificateV2 { get; }

    /// <summary>The DER SET OF Certificate contents, written under [0] IMPLICIT when certReq is TRUE.</summary>
    internal byte[] CertificateSet { get; }

    /// <summary><see cref="CertificateSet"/> as SignedData's certificates field, [0] IMPLICIT.</summary>
    internal byte[] CertificatesField { get; }

    /// <summary>The DER subject Name, used for the optional TSTInfo tsa field.</summary>
    internal byte[] SubjectName { get; }

    private static byte[] EncodeIssuerAndSerialNumber(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(certificate.IssuerName.RawData);
            writer.WriteInteger(certificate.SerialNumberBytes.Span);
        }

        return writer.Encode();
    }

    /// <param name="certHash">Only for defect injection (Defects/SignedDataDefects): another hash than the certificate's SHA-256.</param>
    internal static byte[] EncodeSigningCertificateV2(X509Certificate2 certificate, byte[]? certHash = null)
    {
        // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, ... }
        // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT id-sha256, certHash, issuerSerial }.
        // SHA-256 is the DEFAULT, so DER omits the hashAlgorithm field.
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteOctetString(certHash ?? SHA256.HashData(certificate.RawData));
                    using (writer.PushSequence())
                    {
                        using (writer.PushSequence())
                        {
                            // GeneralName directoryName [4] Name: explicit, because Name is a CHOICE.
                            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                            {
                                writer.WriteEncodedValue(certificate.IssuerName.RawData);
                            }
                        }

                        writer.WriteInteger(certificate.SerialNumberBytes.Span);
                    }
                }
            }
        }

        return writer.Encode();
    }

    private static byte[] EncodeCertificateSet(IEnumerable<X509Certificate2> certificates)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            foreach (var certificate in certificates)
            {
                writer.WriteEncodedValue(certificate.RawData);
            }
        }

        return writer.Encode();
    }

    public void Dispose()
    {
        SigningKey.Dispose();
        Certificate.Dispose();
        foreach (var c in Chain)
        {
            c.Dispose();
        }
    }
}

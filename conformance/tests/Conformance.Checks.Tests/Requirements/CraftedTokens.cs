using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Tests.Requirements;

/// <summary>How a crafted TSU certificate deviates from a good one.</summary>
public sealed record CertSpec
{
    public bool EkuCritical { get; init; } = true;
    public bool ExtraEku { get; init; }
    public bool Ca { get; init; }
    public bool Pkup { get; init; } = true;
    public X509KeyUsageFlags KeyUsage { get; init; } = X509KeyUsageFlags.DigitalSignature;
    public DateTimeOffset NotBefore { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public DateTimeOffset NotAfter { get; init; } = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public bool Rsa2048 { get; init; }
    public string CertificatePolicy { get; init; } = Oids.NcpPlus;
    public bool OrganizationIdentifier { get; init; } = true;
    public bool Aia { get; init; } = true;
}

/// <summary>How a crafted token deviates from a good one. Defaults give a token that passes every token-level check.</summary>
public sealed record TokenSpec
{
    public string Policy { get; init; } = "1.3.6.1.4.1.99999.1.1";
    public BigInteger Serial { get; init; } = 4242;
    public string GenTime { get; init; } = "20260601120000.25Z";
    public bool Accuracy { get; init; } = true;
    public int? AccuracyMillis { get; init; }
    public bool? Ordering { get; init; }
    public BigInteger? Nonce { get; init; } = 77;
    public bool QcStatements { get; init; }
    public bool QcStatementsCritical { get; init; }
    public bool QcStatementInfo { get; init; }
    public bool CriticalExtension { get; init; }
    public bool TsaNameMatches { get; init; }
    public bool TsaNameOther { get; init; }
    public bool EssV1Only { get; init; }
    public bool WrongCertHash { get; init; }
    public bool TwoSigners { get; init; }
    public bool IncludeCertificates { get; init; } = true;
    public bool TamperSignature { get; init; }
    public HashAlgorithmName Digest { get; init; } = HashAlgorithmName.SHA256;
    public CertSpec Cert { get; init; } = new();
}

/// <summary>Builds tokens and TSU certificates with a throw-away test CA, mutating one field at a time.</summary>
public static class CraftedTokens
{
    private static readonly Lazy<(X509Certificate2 Cert, ECDsa Key)> Ca = new(() =>
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Crafted Test Root, O=Conformance Tests, C=NO", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return (request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero)), key);
    });

    public static X509Certificate2 Root => Ca.Value.Cert;

    public static X509Certificate2 Certificate(CertSpec spec)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("Crafted TSU 1");
        if (spec.OrganizationIdentifier)
        {
            subject.Add(Oids.OrganizationIdentifier, "NTRNO-123456789", UniversalTagNumber.UTF8String);
        }

        subject.AddOrganizationName("Crafted TSA");
        subject.AddCountryOrRegion("NO");
        AsymmetricAlgorithm key = spec.Rsa2048 ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = key is RSA rsa
            ? new CertificateRequest(subject.Build(), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject.Build(), (ECDsa)key, HashAlgorithmName.SHA256);
        var ekus = new OidCollection { new Oid(Oids.TimeStamping) };
        if (spec.ExtraEku)
        {
            ekus.Add(new Oid("1.3.6.1.5.5.7.3.4"));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(ekus, spec.EkuCritical));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(spec.KeyUsage, true));
        if (spec.Ca)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        var policies = new AsnWriter(AsnEncodingRules.DER);
        using (policies.PushSequence())
        using (policies.PushSequence())
        {
            policies.WriteObjectIdentifier(spec.CertificatePolicy);
        }

        request.CertificateExtensions.Add(new X509Extension(Oids.CertificatePolicies, policies.Encode(), false));
        if (spec.Aia)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(["http://ocsp.example.test"], ["http://ca.example.test/root.cer"]));
        }

        if (spec.Pkup)
        {
            var pkup = new AsnWriter(AsnEncodingRules.DER);
            using (pkup.PushSequence())
            {
                pkup.WriteGeneralizedTime(spec.NotBefore, omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 0));
                pkup.WriteGeneralizedTime(spec.NotAfter.AddDays(-30), omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 1));
            }

            request.CertificateExtensions.Add(new X509Extension(Oids.PrivateKeyUsagePeriod, pkup.Encode(), false));
        }

        using X509Certificate2 issued = request.Create(Root.SubjectName, X509SignatureGenerator.CreateForECDsa(Ca.Value.Key), spec.NotBefore, spec.NotAfter, RandomNumberGenerator.GetBytes(12).Select((b, i) => i == 0 ? (byte)(b & 0x7F) : b).ToArray());
        return key is RSA r ? issued.CopyWithPrivateKey(r) : issued.CopyWithPrivateKey((ECDsa)key);
    }

    public static byte[] TstInfo(TokenSpec spec, X509Certificate2 tsu)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(1);
            w.WriteObjectIdentifier(spec.Policy);
            using (w.PushSequence())
            {
                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier(Oids.Sha256);
                    w.WriteNull();
                }

                w.WriteOctetString(SHA256.HashData("crafted"u8));
            }

            w.WriteInteger(spec.Serial);
            w.WriteEncodedValue(GeneralizedTime(spec.GenTime));
            if (spec.Accuracy)
            {
                using (w.PushSequence())
                {
                    if (spec.AccuracyMillis is { } ms)
                    {
                        w.WriteInteger(ms, new Asn1Tag(TagClass.ContextSpecific, 0));
                    }
                    else
                    {
                        w.WriteInteger(1);
                    }
                }
            }

            if (spec.Ordering is { } ordering)
            {
                w.WriteBoolean(ordering);
            }

            if (spec.Nonce is { } nonce)
            {
                w.WriteInteger(nonce);
            }

            if (spec.TsaNameMatches || spec.TsaNameOther)
            {
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, true)))
                {
                    w.WriteEncodedValue(spec.TsaNameMatches ? tsu.SubjectName.RawData : new X500DistinguishedName("CN=Someone Else, C=NO").RawData);
                }
            }

            if (spec.QcStatements || spec.CriticalExtension)
            {
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
                {
                    if (spec.QcStatements)
                    {
                        var qc = new AsnWriter(AsnEncodingRules.DER);
                        using (qc.PushSequence())
                        using (qc.PushSequence())
                        {
                            qc.WriteObjectIdentifier(Oids.EtsiQtstStatement);
                            if (spec.QcStatementInfo)
                            {
                                qc.WriteNull();
                            }
                        }

                        WriteExtension(w, Oids.QcStatements, spec.QcStatementsCritical, qc.Encode());
                    }

                    if (spec.CriticalExtension)
                    {
                        WriteExtension(w, "1.3.6.1.4.1.99999.7", true, [0x05, 0x00]);
                    }
                }
            }
        }

        return w.Encode();
    }

    private static byte[] GeneralizedTime(string text)
    {
        byte[] content = System.Text.Encoding.ASCII.GetBytes(text);
        return [0x18, (byte)content.Length, .. content];
    }

    private static void WriteExtension(AsnWriter w, string oid, bool critical, byte[] value)
    {
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(oid);
            if (critical)
            {
                w.WriteBoolean(true);
            }

            w.WriteOctetString(value);
        }
    }

    /// <summary>A signed token; the TSU certificate (with its private key) is returned too.</summary>
    public static (byte[] Token, X509Certificate2 Tsu) Build(TokenSpec? spec = null)
    {
        spec ??= new TokenSpec();
        X509Certificate2 tsu = Certificate(spec.Cert);
        var cms = new SignedCms(new ContentInfo(new Oid(Oids.TstInfo), TstInfo(spec, tsu)), detached: false);
        cms.ComputeSignature(Signer(spec, tsu));
        if (spec.TwoSigners)
        {
            cms.ComputeSignature(Signer(spec, Certificate(new CertSpec())));
        }

        byte[] token = cms.Encode();
        if (spec.TamperSignature)
        {
            // Flip a bit in the last byte: the signature value closes the single SignerInfo.
            token[^1] ^= 0x01;
        }

        return (token, tsu);
    }

    private static CmsSigner Signer(TokenSpec spec, X509Certificate2 tsu)
    {
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, tsu)
        {
            DigestAlgorithm = new Oid(spec.Digest == HashAlgorithmName.SHA1 ? Oids.Sha1 : Oids.Sha256),
            IncludeOption = spec.IncludeCertificates ? X509IncludeOption.EndCertOnly : X509IncludeOption.None,
        };
        byte[] certHash = spec.EssV1Only ? SHA1.HashData(tsu.RawData) : SHA256.HashData(tsu.RawData);
        if (spec.WrongCertHash)
        {
            certHash[0] ^= 0xFF;
        }

        var attribute = new AsnWriter(AsnEncodingRules.DER);
        using (attribute.PushSequence())
        using (attribute.PushSequence())
        using (attribute.PushSequence())
        {
            attribute.WriteOctetString(certHash);
        }

        signer.SignedAttributes.Add(new AsnEncodedData(spec.EssV1Only ? Oids.SigningCertificate : Oids.SigningCertificateV2, attribute.Encode()));
        return signer;
    }

    /// <summary>A TimeStampResp: granted (status 0) with <paramref name="token"/>, or, without one, a rejection naming <paramref name="failInfo"/>.</summary>
    public static TimeStampResponse Response(byte[]? token, PkiFailureInfo failInfo = PkiFailureInfo.BadAlg)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteInteger(token is null ? 2 : 0);
                if (token is null)
                {
                    int bit = BitOperations.TrailingZeroCount((long)failInfo);
                    byte[] bits = new byte[(bit / 8) + 1];
                    bits[bit / 8] = (byte)(0x80 >> (bit % 8));
                    w.WriteBitString(bits, 7 - (bit % 8));
                }
            }

            if (token is not null)
            {
                w.WriteEncodedValue(token);
            }
        }

        return TimeStampResponse.TryDecode(w.Encode(), out var response, out string? error) ? response! : throw new InvalidOperationException(error);
    }

    public static TimeStampToken Decode(byte[] token) =>
        TimeStampToken.TryDecode(token, out TimeStampToken? decoded, out string? error) ? decoded! : throw new InvalidOperationException(error);
}

using System.Formats.Asn1;
using System.Numerics;

namespace Conformance.Checks.Protocol;

/// <summary>
/// A TimeStampToken: a CMS ContentInfo holding SignedData whose encapsulated content is a TSTInfo (RFC 3161 §2.4.2,
/// RFC 5652 §5). Only the structure is decoded here; signature verification belongs to a separate check.
/// </summary>
public sealed class TimeStampToken
{
    private static readonly Asn1Tag ContextExplicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag CertificatesTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag CrlsTag = new(TagClass.ContextSpecific, 1, isConstructed: true);

    private TimeStampToken(ReadOnlyMemory<byte> encoded) => Encoded = encoded;

    public ReadOnlyMemory<byte> Encoded { get; }
    public string ContentType { get; private set; } = "";
    public BigInteger SignedDataVersion { get; private set; }
    public IReadOnlyList<string> DigestAlgorithms { get; private set; } = [];
    public string EncapsulatedContentType { get; private set; } = "";
    public ReadOnlyMemory<byte>? EncapsulatedContent { get; private set; }

    /// <summary>True when SignedData carries the optional certificates field at all (RFC 3161 §2.4.1 certReq).</summary>
    public bool HasCertificatesField { get; private set; }

    /// <summary>The encoded CertificateChoices found in SignedData.certificates (X.509 certificates and any other kind).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; private set; } = [];

    public bool HasCrlsField { get; private set; }
    public int SignerInfoCount { get; private set; }

    /// <summary>The SignerInfos that could be decoded, in order.</summary>
    public IReadOnlyList<SignerInfo> SignerInfos { get; private set; } = [];

    /// <summary>Why a SignerInfo could not be decoded (one entry per failure).</summary>
    public IReadOnlyList<string> SignerInfoErrors { get; private set; } = [];

    /// <summary>The single SignerInfo, when there is exactly one and it decodes.</summary>
    public SignerInfo? Signer => SignerInfoCount == 1 && SignerInfos.Count == 1 ? SignerInfos[0] : null;

    /// <summary>
    /// The X.509 certificates of SignedData.certificates. Other CertificateChoices (attribute certificates, the
    /// obsolete extended certificate, other formats) and entries that do not parse are listed in <see cref="OtherCertificateEntries"/>.
    /// </summary>
    /// Parsed once, on first use, even when several scenarios of the token ask at the same time (inspect runs features in parallel).
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> X509Certificates
    {
        get
        {
            if (Volatile.Read(ref _x509) is { } parsed)
            {
                return parsed;
            }

            lock (_parseGate)
            {
                if (_x509 is null)
                {
                    List<System.Security.Cryptography.X509Certificates.X509Certificate2> list = ParseCertificates();
                    Volatile.Write(ref _x509, list);
                }

                return _x509;
            }
        }
    }

    public IReadOnlyList<string> OtherCertificateEntries { get { _ = X509Certificates; return _others; } }

    /// <summary>
    /// Frees the native handles of the certificates parsed so far. For a caller done with the token (inspect, once a
    /// batch of files is judged): thousands of tokens otherwise leave their certificates to the finalizer thread, which
    /// then competes with the checks for the cores. The token must not be used afterwards.
    /// </summary>
    public void ReleaseCertificates()
    {
        lock (_parseGate)
        {
            foreach (System.Security.Cryptography.X509Certificates.X509Certificate2 certificate in _x509 ?? [])
            {
                certificate.Dispose();
            }
        }
    }

    private readonly object _parseGate = new();
    private IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>? _x509;
    private List<string> _others = [];

    private List<System.Security.Cryptography.X509Certificates.X509Certificate2> ParseCertificates()
    {
        var list = new List<System.Security.Cryptography.X509Certificates.X509Certificate2>();
        var others = new List<string>();
        for (int i = 0; i < Certificates.Count; i++)
        {
            ReadOnlyMemory<byte> entry = Certificates[i];
            if (entry.Span[0] != 0x30)
            {
                others.Add($"entry {i + 1}: CertificateChoices tag 0x{entry.Span[0]:X2} (not an X.509 certificate)");
                continue;
            }

            try
            {
                list.Add(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(entry.Span));
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                others.Add($"entry {i + 1}: not a decodable X.509 certificate ({e.Message})");
            }
        }

        _others = others;
        return list;
    }

    /// <summary>
    /// The certificate in SignedData.certificates that the SignerInfo's sid names (RFC 5652 §5.3), or null when the
    /// token carries no such certificate.
    /// </summary>
    /// Found once per token: many checks of a token ask for it.
    public System.Security.Cryptography.X509Certificates.X509Certificate2? FindSignerCertificate()
    {
        if (Volatile.Read(ref _signerFound))
        {
            return _signerCertificate;
        }

        System.Security.Cryptography.X509Certificates.X509Certificate2? found =
            Signer is { } signer ? X509Certificates.FirstOrDefault(c => CertificateMatching.MatchesSid(c, signer)) : null;
        _signerCertificate = found;
        Volatile.Write(ref _signerFound, true);
        return found;
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2? _signerCertificate;
    private bool _signerFound;

    public TstInfo? TstInfo { get; private set; }
    public string? TstInfoError { get; private set; }
    public IReadOnlyList<string> EncodingFindings { get; private set; } = [];

    public static bool TryDecode(ReadOnlyMemory<byte> encoded, out TimeStampToken? token, out string? error)
    {
        bool ok = Asn1Decoding.TryDecode(encoded, "TimeStampToken", (reader, findings) => Read(encoded, reader, findings), out token, out var found, out error);
        if (ok)
        {
            token!.EncodingFindings = [.. found, .. token.EncodingFindings];
        }

        return ok;
    }

    /// <summary>
    /// ContentInfo ::= SEQUENCE { contentType ContentType, content [0] EXPLICIT ANY DEFINED BY contentType }, whose
    /// content is SignedData (RFC 5652 §5.1), read field by field in order.
    /// </summary>
    private static TimeStampToken Read(ReadOnlyMemory<byte> encoded, AsnReader outer, List<string> findings)
    {
        var token = new TimeStampToken(encoded);
        AsnReader contentInfo = outer.ReadSequence();
        token.ContentType = contentInfo.ReadObjectIdentifier();
        if (token.ContentType != Oids.SignedData)
        {
            throw new AsnContentException($"ContentInfo.contentType is {token.ContentType}, not id-signedData ({Oids.SignedData})");
        }

        AsnReader content = contentInfo.ReadSequence(ContextExplicit0);
        AsnReader signedData = content.ReadSequence();
        Asn1Decoding.ExpectEnd(content, "ContentInfo.content");
        Asn1Decoding.ExpectEnd(contentInfo, "ContentInfo");

        token.SignedDataVersion = signedData.ReadInteger();
        token.ReadDigestAlgorithms(signedData);
        token.ReadEncapsulatedContent(signedData);
        token.ReadCertificatesAndCrls(signedData);
        token.ReadSignerInfos(signedData);
        Asn1Decoding.ExpectEnd(signedData, "SignedData");

        token.DecodeTstInfo(findings);
        token.EncodingFindings = findings;
        return token;
    }

    private void ReadDigestAlgorithms(AsnReader signedData)
    {
        var digestAlgorithms = new List<string>();
        AsnReader digestSet = signedData.ReadSetOf();
        while (digestSet.HasData)
        {
            AsnReader algorithm = digestSet.ReadSequence();
            digestAlgorithms.Add(algorithm.ReadObjectIdentifier());
        }

        DigestAlgorithms = digestAlgorithms;
    }

    /// <summary>EncapsulatedContentInfo ::= SEQUENCE { eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }</summary>
    private void ReadEncapsulatedContent(AsnReader signedData)
    {
        AsnReader encap = signedData.ReadSequence();
        EncapsulatedContentType = encap.ReadObjectIdentifier();
        if (encap.HasData)
        {
            AsnReader wrapper = encap.ReadSequence(ContextExplicit0);
            EncapsulatedContent = wrapper.ReadOctetString();
            Asn1Decoding.ExpectEnd(wrapper, "eContent");
        }

        Asn1Decoding.ExpectEnd(encap, "EncapsulatedContentInfo");
    }

    /// <summary>certificates [0] IMPLICIT CertificateSet OPTIONAL, crls [1] IMPLICIT RevocationInfoChoices OPTIONAL.</summary>
    private void ReadCertificatesAndCrls(AsnReader signedData)
    {
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(CertificatesTag))
        {
            HasCertificatesField = true;
            var certificates = new List<ReadOnlyMemory<byte>>();
            AsnReader set = signedData.ReadSetOf(CertificatesTag);
            while (set.HasData)
            {
                certificates.Add(set.ReadEncodedValue());
            }

            Certificates = certificates;
        }

        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(CrlsTag))
        {
            HasCrlsField = true;
            signedData.ReadEncodedValue();
        }
    }

    /// <summary>signerInfos SignerInfos: each one decoded on its own, so one bad SignerInfo is reported, not fatal.</summary>
    private void ReadSignerInfos(AsnReader signedData)
    {
        AsnReader signerInfos = signedData.ReadSetOf();
        var decodedSigners = new List<SignerInfo>();
        var signerErrors = new List<string>();
        while (signerInfos.HasData)
        {
            ReadOnlyMemory<byte> encodedSigner = signerInfos.ReadEncodedValue();
            SignerInfoCount++;
            try
            {
                decodedSigners.Add(SignerInfo.Read(new AsnReader(encodedSigner, AsnEncodingRules.BER)));
            }
            catch (Exception e) when (e is AsnContentException or System.Security.Cryptography.CryptographicException or ArgumentException or OverflowException)
            {
                signerErrors.Add($"SignerInfo {SignerInfoCount}: {e.Message}");
            }
        }

        SignerInfos = decodedSigners;
        SignerInfoErrors = signerErrors;
    }

    private void DecodeTstInfo(List<string> findings)
    {
        if (EncapsulatedContent is { } eContent && EncapsulatedContentType == Oids.TstInfo)
        {
            if (TstInfo.TryDecode(eContent, out TstInfo? tstInfo, out string? tstError))
            {
                TstInfo = tstInfo;
                findings.AddRange(tstInfo!.EncodingFindings);
            }
            else
            {
                TstInfoError = tstError;
            }
        }
        else
        {
            TstInfoError = EncapsulatedContent is null
                ? "the token has no encapsulated content (eContent is absent)"
                : $"eContentType is {EncapsulatedContentType}, not id-ct-TSTInfo ({Oids.TstInfo})";
        }
    }
}

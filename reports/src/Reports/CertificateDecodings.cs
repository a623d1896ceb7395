using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Reports;

/// <summary>
/// The certificates of one evidence listing, each decoded once by the SHA-256 of its DER: the TSU and CA certificates
/// of an archive's tokens recur in every token and as the extracted .cer files, and decode to the same text each time.
/// Safe for the listing's parallel decoding. At most <see cref="MaxKept"/> are kept; beyond that each is decoded anew.
/// </summary>
internal sealed class CertificateDecodings
{
    private const int MaxKept = 10_000;
    private readonly ConcurrentDictionary<string, Decoded> _known = new(StringComparer.Ordinal);

    /// <summary>A certificate as loaded, and its decoding (<see cref="EvidenceAppendix.DumpCertificate"/>).</summary>
    public sealed record Decoded(X509Certificate2 Certificate, string Dump);

    /// <param name="sha256">SHA-256 of <paramref name="der"/> (hex), when already computed.</param>
    public Decoded Of(ReadOnlySpan<byte> der, string? sha256 = null)
    {
        string key = sha256 ?? Convert.ToHexStringLower(SHA256.HashData(der));
        if (_known.TryGetValue(key, out Decoded? known))
        {
            return known;
        }

        X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(der);
        var decoded = new Decoded(certificate, EvidenceAppendix.DumpCertificate(certificate));
        return _known.Count < MaxKept ? _known.GetOrAdd(key, decoded) : decoded;
    }

    /// <summary>
    /// The certificates a CMS SignedData token carries, in order, read from its DER (as SignedCms.Certificates lists
    /// them: the X.509 choices of the certificates field, other choices left out) without decoding any of them again
    /// when already known; null when the structure cannot be walked (the caller then asks SignedCms).
    /// </summary>
    public IReadOnlyList<Decoded>? Embedded(byte[] token)
    {
        try
        {
            AsnReader contentInfo = new AsnReader(token, AsnEncodingRules.BER).ReadSequence();
            contentInfo.ReadObjectIdentifier();
            AsnReader signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            signedData.ReadEncodedValue(); // version
            signedData.ReadEncodedValue(); // digestAlgorithms
            signedData.ReadEncodedValue(); // encapContentInfo
            var decoded = new List<Decoded>();
            if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                AsnReader certificates = signedData.ReadSetOf(skipSortOrderValidation: true, new Asn1Tag(TagClass.ContextSpecific, 0));
                while (certificates.HasData)
                {
                    bool x509 = certificates.PeekTag() == Asn1Tag.Sequence;
                    ReadOnlyMemory<byte> encoded = certificates.ReadEncodedValue();
                    if (x509)
                    {
                        decoded.Add(Of(encoded.Span));
                    }
                }
            }

            return decoded;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return null;
        }
    }
}

using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>
/// Checks on the CMS structure of a token: RFC 3161 §2.4.2, RFC 5652 §5, RFC 2634/5035/5816, RFC 6211. The
/// signing-certificate attribute checks (TSP-CMS-007..009) are in CmsSigningCertificateRequirements.cs.
/// </summary>
public static partial class CmsRequirements
{
    /// <summary>TSP-CMS-001. RFC 3161 §2.4.2: the token is a ContentInfo whose contentType is id-signedData.</summary>
    public static void ContentInfoIsSignedData(ReadOnlyMemory<byte> tokenBytes)
    {
        const string id = "TSP-CMS-001";
        string observed;
        try
        {
            var reader = new AsnReader(tokenBytes, AsnEncodingRules.BER);
            AsnReader contentInfo = reader.ReadSequence();
            observed = contentInfo.ReadObjectIdentifier();
        }
        catch (AsnContentException e)
        {
            throw new RequirementNotMetException(id, "the token is not a ContentInfo", $"ContentInfo with contentType id-signedData ({Oids.SignedData})", e.Message);
        }

        if (observed != Oids.SignedData)
        {
            throw new RequirementNotMetException(id, "the token's contentType is not id-signedData", Oids.SignedData, observed);
        }
    }

    /// <summary>TSP-CMS-002. RFC 3161 §2.4.2: eContentType is id-ct-TSTInfo and the TSTInfo is encapsulated (eContent present).</summary>
    public static void EncapsulatesTstInfo(TimeStampToken token)
    {
        const string id = "TSP-CMS-002";
        if (token.EncapsulatedContentType != Oids.TstInfo)
        {
            throw new RequirementNotMetException(id, "eContentType is not id-ct-TSTInfo", Oids.TstInfo, token.EncapsulatedContentType);
        }

        if (token.EncapsulatedContent is null)
        {
            throw new RequirementNotMetException(id, "the TSTInfo is not encapsulated", "eContent present", "eContent absent (detached)");
        }
    }

    /// <summary>
    /// TSP-CMS-003. RFC 3161 §2.4.2: eContent is "the DER-encoded value of TSTInfo". Any deviation the strict-DER
    /// decoder met (BER lengths, an explicit DEFAULT such as ordering FALSE, trailing bytes) is a finding.
    /// </summary>
    public static void TstInfoIsDer(TimeStampToken token)
    {
        const string id = "TSP-CMS-003";
        TstInfo tst = TokenRequirements.RequireTstInfo(token, id);
        if (tst.EncodingFindings.Count > 0)
        {
            throw new RequirementNotMetException(id, "the TSTInfo is not strict DER", "DER encoding (X.690 §10)", string.Join("; ", tst.EncodingFindings));
        }

        byte[] reencoded;
        try
        {
            var reader = new AsnReader(tst.Encoded, AsnEncodingRules.DER);
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteEncodedValue(reader.ReadEncodedValue().Span);
            reencoded = writer.Encode();
        }
        catch (AsnContentException e)
        {
            throw new RequirementNotMetException(id, "the TSTInfo is not strict DER", "DER encoding (X.690 §10)", e.Message);
        }

        if (!reencoded.AsSpan().SequenceEqual(tst.Encoded.Span))
        {
            throw new RequirementNotMetException(id, "the TSTInfo bytes differ from their DER re-encoding", $"{reencoded.Length} bytes", $"{tst.Encoded.Length} bytes");
        }
    }

    /// <summary>TSP-CMS-004. RFC 3161 §2.4.2: the token "MUST NOT contain any signatures other than the signature of the TSA".</summary>
    public static void HasExactlyOneSignerInfo(TimeStampToken token)
    {
        if (token.SignerInfoCount != 1)
        {
            throw new RequirementNotMetException("TSP-CMS-004", "SignedData does not hold exactly one SignerInfo", "1 SignerInfo",
                token.SignerInfoCount.ToString(CultureInfo.InvariantCulture) + " SignerInfos");
        }
    }

    /// <summary>TSP-CMS-005. RFC 5652 §5.1: SignedData.version is 3 when eContentType is not id-data.</summary>
    public static void SignedDataVersionIsThree(TimeStampToken token)
    {
        if (token.SignedDataVersion != 3)
        {
            throw new RequirementNotMetException("TSP-CMS-005", "SignedData.version is not 3 although eContentType is not id-data", "3",
                token.SignedDataVersion.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The single, decodable SignerInfo, or a finding against <paramref name="id"/> (null: the scenario's requirement).</summary>
    public static SignerInfo RequireSigner(TimeStampToken token, string? id = null)
    {
        HasExactlyOneSignerInfoOr(token, id);
        return token.Signer ?? throw RequirementNotMetException.Against(id, "the SignerInfo cannot be decoded", "a SignerInfo per RFC 5652 §5.3", string.Join("; ", token.SignerInfoErrors));
    }

    private static void HasExactlyOneSignerInfoOr(TimeStampToken token, string? id)
    {
        if (token.SignerInfoCount != 1)
        {
            throw RequirementNotMetException.Against(id, "the token does not have exactly one SignerInfo to examine", "1 SignerInfo",
                token.SignerInfoCount.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// TSP-CMS-006. RFC 5652 §5.3, §11.1, §11.2: signedAttrs present, with a content-type attribute equal to
    /// eContentType and a message-digest attribute equal to the digest of the eContent octets under digestAlgorithm.
    /// </summary>
    public static void SignedAttributesBindTheContent(TimeStampToken token)
    {
        const string id = "TSP-CMS-006";
        SignerInfo signer = RequireSigner(token, id);
        if (signer.SignedAttributesEncoded is null)
        {
            throw new RequirementNotMetException(id, "the SignerInfo has no signedAttrs", "signedAttrs with content-type and message-digest", "signedAttrs absent");
        }

        IReadOnlyList<CmsAttribute> contentType = signer.SignedAttributesOf(Oids.ContentTypeAttribute);
        if (contentType.Count != 1 || contentType[0].Values.Count != 1)
        {
            throw new RequirementNotMetException(id, "signedAttrs do not hold exactly one single-valued content-type attribute", "1 content-type attribute with 1 value",
                $"{contentType.Count} attribute(s)");
        }

        string contentTypeValue = new AsnReader(contentType[0].Values[0], AsnEncodingRules.BER).ReadObjectIdentifier();
        if (contentTypeValue != token.EncapsulatedContentType)
        {
            throw new RequirementNotMetException(id, "the content-type attribute differs from eContentType", token.EncapsulatedContentType, contentTypeValue);
        }

        IReadOnlyList<CmsAttribute> digest = signer.SignedAttributesOf(Oids.MessageDigestAttribute);
        if (digest.Count != 1 || digest[0].Values.Count != 1)
        {
            throw new RequirementNotMetException(id, "signedAttrs do not hold exactly one single-valued message-digest attribute", "1 message-digest attribute with 1 value",
                $"{digest.Count} attribute(s)");
        }

        byte[] declared = new AsnReader(digest[0].Values[0], AsnEncodingRules.BER).ReadOctetString();
        byte[] computed = ComputeHash(id, signer.DigestAlgorithmOid, (token.EncapsulatedContent ?? ReadOnlyMemory<byte>.Empty).Span);
        if (!declared.AsSpan().SequenceEqual(computed))
        {
            throw new RequirementNotMetException(id, "the message-digest attribute does not match the digest of the eContent",
                Convert.ToHexString(computed) + $" ({signer.DigestAlgorithmOid})", Convert.ToHexString(declared));
        }
    }

    /// <summary>
    /// The TSU certificate named by the SignerInfo, or not applicable when the token carries none; a finding against
    /// <paramref name="id"/> (null: the scenario's requirement) when none matches.
    /// </summary>
    public static X509Certificate2 RequireSignerCertificate(TimeStampToken token, string? id = null)
    {
        RequireSigner(token, id);
        if (token.FindSignerCertificate() is { } certificate)
        {
            return certificate;
        }

        if (!token.HasCertificatesField || token.X509Certificates.Count == 0)
        {
            throw new NotApplicableException("the token carries no certificates, so the TSU certificate is not at hand (request it with certReq TRUE)");
        }

        throw RequirementNotMetException.Against(id, "no certificate in SignedData.certificates matches the SignerInfo's sid",
            token.Signer!.DescribeSid(), string.Join("; ", token.X509Certificates.Select(c => $"{c.Subject} serial {c.SerialNumber}")));
    }

    /// <summary>
    /// TSP-CMS-010. RFC 5652 §5.4–5.6: the signature verifies with the TSU certificate's public key over the DER SET
    /// OF signedAttrs.
    /// </summary>
    public static void SignatureVerifies(TimeStampToken token)
    {
        const string id = "TSP-CMS-010";
        X509Certificate2 certificate = RequireSignerCertificate(token, id);
        SignerInfo signer = token.Signer!;
        byte[] data = signer.SignedAttributesForSignature() ?? (token.EncapsulatedContent ?? ReadOnlyMemory<byte>.Empty).ToArray();
        bool ok = SignatureVerification.Verify(certificate, signer, data, out string detail);
        if (!ok)
        {
            throw new RequirementNotMetException(id, "the SignerInfo signature does not verify with the TSU certificate's key", "a valid signature",
                $"{detail} (signatureAlgorithm {signer.SignatureAlgorithmOid}, digestAlgorithm {signer.DigestAlgorithmOid}, certificate {certificate.Subject})");
        }
    }

    /// <summary>
    /// TSP-CMS-011. RFC 5652 §5.3: sid identifies the TSU certificate; SignerInfo.version is 1 with
    /// issuerAndSerialNumber and 3 with subjectKeyIdentifier.
    /// </summary>
    public static void SignerIdentifierIsConsistent(TimeStampToken token)
    {
        const string id = "TSP-CMS-011";
        SignerInfo signer = RequireSigner(token, id);
        int expected = signer.SidIsIssuerAndSerial ? 1 : 3;
        if (signer.Version != expected)
        {
            throw new RequirementNotMetException(id, "SignerInfo.version does not fit the kind of sid",
                $"{expected} (sid is {(signer.SidIsIssuerAndSerial ? "issuerAndSerialNumber" : "subjectKeyIdentifier")})", signer.Version.ToString(CultureInfo.InvariantCulture));
        }

        if (token.HasCertificatesField && token.X509Certificates.Count > 0)
        {
            RequireSignerCertificate(token, id);
        }
    }

    /// <summary>
    /// TSP-CMS-012. RFC 6211 §2: when the CMSAlgorithmProtection attribute is present, its digestAlgorithm and
    /// signatureAlgorithm equal those of the SignerInfo.
    /// </summary>
    public static void AlgorithmProtectionMatches(TimeStampToken token)
    {
        const string id = "TSP-CMS-012";
        SignerInfo signer = RequireSigner(token, id);
        IReadOnlyList<CmsAttribute> attributes = signer.SignedAttributesOf(Oids.CmsAlgorithmProtection);
        if (attributes.Count == 0)
        {
            return;
        }

        if (attributes.Count > 1 || attributes[0].Values.Count != 1)
        {
            throw new RequirementNotMetException(id, "CMSAlgorithmProtection must occur once with one value", "1 attribute, 1 value", $"{attributes.Count} attribute(s)");
        }

        // CMSAlgorithmProtection ::= SEQUENCE { digestAlgorithm, signatureAlgorithm [1] IMPLICIT OPTIONAL, macAlgorithm [2] IMPLICIT OPTIONAL }
        var reader = new AsnReader(attributes[0].Values[0], AsnEncodingRules.BER).ReadSequence();
        string digest = SignerInfo.ReadAlgorithm(reader, out _);
        string? signature = null;
        var sigTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
        if (reader.HasData && reader.PeekTag().HasSameClassAndValue(sigTag))
        {
            signature = reader.ReadSequence(sigTag).ReadObjectIdentifier();
        }

        if (digest != signer.DigestAlgorithmOid || signature != signer.SignatureAlgorithmOid)
        {
            throw new RequirementNotMetException(id, "CMSAlgorithmProtection differs from the SignerInfo's algorithms",
                $"digest {signer.DigestAlgorithmOid}, signature {signer.SignatureAlgorithmOid}", $"digest {digest}, signature {signature ?? "absent"}");
        }
    }

    /// <summary>
    /// TSP-CMS-013 (informative). RFC 5652 §11.3: a signing-time attribute, if present, agrees with genTime within the
    /// declared accuracy plus one second (signing-time has whole seconds only).
    /// </summary>
    public static void SigningTimeAgreesWithGenTime(TimeStampToken token)
    {
        const string id = "TSP-CMS-013";
        SignerInfo signer = RequireSigner(token, id);
        TstInfo tst = TokenRequirements.RequireTstInfo(token, id);
        IReadOnlyList<CmsAttribute> attributes = signer.SignedAttributesOf(Oids.SigningTimeAttribute);
        if (attributes.Count == 0 || tst.GenTime is not { } genTime)
        {
            return;
        }

        var reader = new AsnReader(attributes[0].Values[0], AsnEncodingRules.BER);
        DateTimeOffset signingTime = reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
        double tolerance = 1 + (double)(tst.Accuracy?.TotalMicroseconds ?? 0) / 1_000_000;
        double difference = Math.Abs((signingTime - genTime).TotalSeconds);
        if (difference > tolerance)
        {
            throw new RequirementNotMetException(id, "signing-time and genTime disagree", $"within {tolerance.ToString(CultureInfo.InvariantCulture)} s of genTime {genTime:O}",
                $"signing-time {signingTime:O} ({difference.ToString("0.###", CultureInfo.InvariantCulture)} s apart)");
        }
    }

    internal static byte[] ComputeHash(string id, string hashOid, ReadOnlySpan<byte> data)
    {
        try
        {
            return CertificateMatching.Hash(hashOid, data);
        }
        catch (NotSupportedException)
        {
            throw new RequirementNotMetException(id, "the digest algorithm is unknown to the checker", "a known hash algorithm (SHA-1, SHA-2, SHA-3)", hashOid);
        }
    }
}

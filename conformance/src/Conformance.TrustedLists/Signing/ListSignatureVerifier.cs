using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using Conformance.TrustedLists.Model;

namespace Conformance.TrustedLists.Signing;

/// <summary>
/// Verifies a list's enveloped XAdES signature with System.Security.Cryptography.Xml (canonicalisation and reference
/// processing are the library's) and decides which element the verified content reference covers: only that element
/// may be read. A reference that resolves to anything but the document element is signature wrapping.
/// </summary>
internal static class ListSignatureVerifier
{
    private const string SignedPropertiesType = "http://uri.etsi.org/01903#SignedProperties";
    private const string XadesNamespace = "http://uri.etsi.org/01903/v1.3.2#";

    /// <summary>Verifies; <paramref name="covered"/> is the element the content reference covers when the signature verifies.</summary>
    public static ListSignature Verify(XmlDocument document, out XmlElement? covered)
    {
        covered = null;
        XmlElement root = document.DocumentElement!;
        var signatures = document.GetElementsByTagName("Signature", TrustedListUris.DsNamespace).OfType<XmlElement>().ToList();
        if (signatures.Count == 0)
        {
            return new ListSignature(ListSignatureStatus.Unsigned, "the list carries no ds:Signature", null, null, null);
        }

        XmlElement? signatureElement = signatures.Where(s => s.ParentNode == root).ToList() is [var only] ? only : null;
        if (signatureElement is null || signatures.Count != 1)
        {
            return new ListSignature(ListSignatureStatus.Invalid,
                $"expected exactly one ds:Signature, as the last child of the list; found {signatures.Count} of which {signatures.Count(s => s.ParentNode == root)} under the document element",
                null, null, null);
        }

        var signed = new SignedXml(document);
        try
        {
            signed.LoadXml(signatureElement);
        }
        catch (CryptographicException e)
        {
            return new ListSignature(ListSignatureStatus.Invalid, $"ds:Signature is malformed: {e.Message}", null, null, null);
        }

        string method = signed.SignedInfo?.SignatureMethod ?? string.Empty;
        X509Certificate2? signer = SignerCertificate(signed);
        DateTimeOffset? signingTime = SigningTime(signatureElement);
        ListSignature Result(ListSignatureStatus status, string detail) => new(status, detail, signer, method, signingTime);

        if (RefusedAlgorithm(signed) is { } refusal)
        {
            return Result(ListSignatureStatus.RefusedAlgorithm, refusal);
        }

        if (signer is null)
        {
            return Result(ListSignatureStatus.Invalid, "KeyInfo carries no X509Certificate: the signer cannot be identified");
        }

        List<Reference> content = signed.SignedInfo!.References.OfType<Reference>().Where(r => r.Type != SignedPropertiesType).ToList();
        if (content.Count != 1)
        {
            return Result(ListSignatureStatus.Invalid, $"expected one content reference besides SignedProperties; found {content.Count}");
        }

        XmlDsigAlgorithms.EnsureRegistered();
        AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)signer.GetRSAPublicKey() ?? signer.GetECDsaPublicKey();
        bool verified;
        try
        {
            verified = key is not null && signed.CheckSignature(key);
        }
        catch (CryptographicException e)
        {
            return Result(ListSignatureStatus.Invalid, $"the signature could not be verified: {e.Message}");
        }

        if (!verified)
        {
            return Result(ListSignatureStatus.Invalid, $"the signature value or a reference digest does not verify with the KeyInfo certificate ({signer.Subject})");
        }

        return Covered(document, content[0], signer, method, Result, out covered);
    }

    /// <summary>
    /// Which element the verified content reference covers: the whole document (with the enveloped-signature
    /// transform) or one element by Id; anything but the document element is reported as wrapping.
    /// </summary>
    private static ListSignature Covered(XmlDocument document, Reference content, X509Certificate2 signer, string method,
        Func<ListSignatureStatus, string, ListSignature> result, out XmlElement? covered)
    {
        covered = null;
        XmlElement root = document.DocumentElement!;
        string uri = content.Uri ?? string.Empty;
        if (uri.Length == 0)
        {
            bool enveloped = Enumerable.Range(0, content.TransformChain.Count).Any(i => content.TransformChain[i] is XmlDsigEnvelopedSignatureTransform);
            if (!enveloped)
            {
                return result(ListSignatureStatus.Invalid, "the whole-document reference lacks the enveloped-signature transform");
            }

            covered = root;
            return result(ListSignatureStatus.Valid, $"{ShortMethod(method)} by {signer.Subject}; the reference covers the whole list");
        }

        if (!uri.StartsWith('#'))
        {
            return result(ListSignatureStatus.Invalid, $"content reference URI '{uri}' is neither the whole document nor a same-document fragment");
        }

        List<XmlElement> targets = ElementsWithId(document, uri[1..]);
        if (targets.Count != 1)
        {
            return result(ListSignatureStatus.Invalid, $"content reference {uri} names {targets.Count} elements");
        }

        covered = targets[0];
        return covered == root
            ? result(ListSignatureStatus.Valid, $"{ShortMethod(method)} by {signer.Subject}; the reference {uri} covers the list element")
            : result(ListSignatureStatus.Wrapped, $"the verified reference {uri} covers a {covered.LocalName} element at {Path(covered)}, not the document element: only that signed element is read, everything else in the file is unsigned");
    }

    private static string? RefusedAlgorithm(SignedXml signed)
    {
        string method = signed.SignedInfo!.SignatureMethod ?? string.Empty;
        if (XmlDsigAlgorithms.IsSha1OrMd5(method))
        {
            return $"signature method {method} uses SHA-1 or MD5, which is refused";
        }

        if (!XmlDsigAlgorithms.SignatureMethods.Contains(method))
        {
            return $"signature method {method} is not one this checker accepts (RSA PKCS#1 v1.5, RSASSA-PSS or ECDSA with SHA-256/384/512)";
        }

        if (!XmlDsigAlgorithms.Canonicalizations.Contains(signed.SignedInfo.CanonicalizationMethod))
        {
            return $"canonicalisation {signed.SignedInfo.CanonicalizationMethod} is not accepted";
        }

        foreach (Reference reference in signed.SignedInfo.References.OfType<Reference>())
        {
            if (!XmlDsigAlgorithms.DigestMethods.Contains(reference.DigestMethod))
            {
                return $"reference '{reference.Uri}' uses digest {reference.DigestMethod}: " + (XmlDsigAlgorithms.IsSha1OrMd5(reference.DigestMethod) ? "SHA-1 and MD5 are refused" : "not accepted");
            }
        }

        return null;
    }

    private static X509Certificate2? SignerCertificate(SignedXml signed)
    {
        foreach (KeyInfoX509Data data in signed.KeyInfo?.OfType<KeyInfoX509Data>() ?? [])
        {
            foreach (X509Certificate certificate in data.Certificates?.OfType<X509Certificate>() ?? [])
            {
                return X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            }
        }

        return null;
    }

    private static DateTimeOffset? SigningTime(XmlElement signature)
    {
        XmlElement? time = signature.GetElementsByTagName("SigningTime", XadesNamespace).OfType<XmlElement>().FirstOrDefault();
        return time is not null && DateTimeOffset.TryParse(time.InnerText.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) ? t : null;
    }

    private static List<XmlElement> ElementsWithId(XmlDocument document, string id) =>
        document.GetElementsByTagName("*").OfType<XmlElement>()
            .Where(e => e.GetAttribute("Id") == id || e.GetAttribute("ID") == id || e.GetAttribute("id") == id).ToList();

    private static string Path(XmlElement element)
    {
        var parts = new List<string>();
        for (XmlNode? node = element; node is XmlElement e; node = node.ParentNode)
        {
            parts.Insert(0, e.Name);
        }

        return "/" + string.Join('/', parts);
    }

    private static string ShortMethod(string method) => method[(method.LastIndexOf('#') + 1)..];
}

using System.Security.Cryptography.X509Certificates;
using Conformance.TrustedLists.Model;
using Conformance.TrustedLists.Reading;

namespace Conformance.TrustedLists.Authenticity;

/// <summary>
/// The chain of trust of EU trusted lists: the list of lists is authentic when its signature verifies and its signer
/// is one of the certificates the user pinned (the LOTL signing certificates published in the Official Journal); a
/// member-state list is authentic when its signature verifies, covers the whole list, and its signer is one of the
/// certificates the authentic LOTL announces for that territory.
/// </summary>
public static class ListAuthenticator
{
    public static ListAuthenticity ListOfLists(TrustedListFile lotl, IReadOnlyCollection<X509Certificate2> pinnedSigners)
    {
        if (!lotl.List.IsListOfLists)
        {
            return new(false, $"{lotl.List.Describe()} is not a list of lists (TSLType {lotl.List.Type})");
        }

        if (!lotl.Signature.IsValid)
        {
            return new(false, "signature " + lotl.Signature.Describe());
        }

        if (pinnedSigners.Count == 0)
        {
            return new(false, "no LOTL signing certificate was pinned (--lotl-signer or lotl-signers: in the target file), so the list of lists cannot be trusted");
        }

        X509Certificate2 signer = lotl.Signature.Signer!;
        return pinnedSigners.Any(p => SameCertificate(p, signer))
            ? new(true, $"signed by the pinned LOTL certificate {signer.Subject} (SHA-256 {signer.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)})")
            : new(false, $"signed by {signer.Subject}, which is not one of the {pinnedSigners.Count} pinned LOTL signing certificate(s)");
    }

    public static ListAuthenticity MemberList(TrustedListFile list, TrustedListFile? lotl, ListAuthenticity? lotlAuthenticity)
    {
        if (!list.Signature.IsValid)
        {
            return new(false, "signature " + list.Signature.Describe());
        }

        if (lotl is null || lotlAuthenticity is null)
        {
            return new(false, "no list of lists was given (--lotl), so the signer of this list cannot be checked against the certificates announced for " + list.List.Territory);
        }

        if (!lotlAuthenticity.IsAuthentic)
        {
            return new(false, "the list of lists is not authentic (" + lotlAuthenticity.Reason + ")");
        }

        X509Certificate2 signer = list.Signature.Signer!;
        List<OtherListPointer> pointers = lotl.List.Pointers.Where(p => string.Equals(p.Territory, list.List.Territory, StringComparison.OrdinalIgnoreCase)).ToList();
        if (pointers.Count == 0)
        {
            return new(false, $"{lotl.List.Describe()} has no pointer for territory {list.List.Territory}");
        }

        return pointers.SelectMany(p => p.SigningCertificates).Any(c => SameCertificate(c, signer))
            ? new(true, $"signed by {signer.Subject}, a certificate {lotl.List.Describe()} announces for {list.List.Territory}")
            : new(false, $"signed by {signer.Subject} (SHA-256 {signer.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)}), which {lotl.List.Describe()} does not announce for {list.List.Territory}");
    }

    private static bool SameCertificate(X509Certificate2 a, X509Certificate2 b) => a.RawDataMemory.Span.SequenceEqual(b.RawDataMemory.Span);
}

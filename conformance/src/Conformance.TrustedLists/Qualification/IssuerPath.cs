using System.Security.Cryptography.X509Certificates;

namespace Conformance.TrustedLists.Qualification;

/// <summary>
/// From the TSU certificate up through its issuers: each step is a candidate whose subject is the child's issuer and
/// whose key verifies the child's signature. Candidates are the token's certificates, the declared trust anchors and
/// the certificates the list names (a service often names the CA that issues the TSU certificates).
/// </summary>
internal static class IssuerPath
{
    private const int MaxDepth = 6;

    public static List<X509Certificate2> Build(X509Certificate2 leaf, IEnumerable<X509Certificate2> candidates)
    {
        List<X509Certificate2> pool = candidates.ToList();
        var path = new List<X509Certificate2> { leaf };
        X509Certificate2 current = leaf;
        while (path.Count < MaxDepth && DistinguishedNames.Normalize(current.IssuerName) != DistinguishedNames.Normalize(current.SubjectName))
        {
            string issuer = DistinguishedNames.Normalize(current.IssuerName);
            X509Certificate2? next = pool.FirstOrDefault(c => DistinguishedNames.Normalize(c.SubjectName) == issuer && Signed(current, c) && !path.Contains(c));
            if (next is null)
            {
                break;
            }

            path.Add(next);
            current = next;
        }

        return path;
    }

    private static bool Signed(X509Certificate2 child, X509Certificate2 issuer)
    {
        try
        {
            var parser = new Org.BouncyCastle.X509.X509CertificateParser();
            parser.ReadCertificate(child.RawData).Verify(parser.ReadCertificate(issuer.RawData).GetPublicKey());
            return true;
        }
        catch (Exception e) when (e is Org.BouncyCastle.Security.GeneralSecurityException or Org.BouncyCastle.Security.Certificates.CertificateException
            or InvalidOperationException or ArgumentException or Org.BouncyCastle.Security.InvalidKeyException)
        {
            return false;
        }
    }
}

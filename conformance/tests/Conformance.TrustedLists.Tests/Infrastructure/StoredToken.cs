using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.TrustedLists.Tests.Infrastructure;

/// <summary>A stored token's signer certificate, other certificates and genTime, decoded with .NET's own CMS classes.</summary>
internal sealed record StoredToken(X509Certificate2 Signer, IReadOnlyList<X509Certificate2> Certificates, DateTimeOffset GenTime)
{
    public static StoredToken Read(string path)
    {
        var cms = new SignedCms();
        cms.Decode(File.ReadAllBytes(path));
        if (!Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out Rfc3161TimestampTokenInfo? info, out _) || info is null)
        {
            throw new InvalidOperationException($"{path}: TSTInfo not decodable");
        }

        SignerInfo signer = cms.SignerInfos[0];
        X509Certificate2 certificate = signer.Certificate ?? throw new InvalidOperationException($"{path}: the token does not carry its signer certificate");
        return new StoredToken(certificate, cms.Certificates.Cast<X509Certificate2>().ToList(), info.Timestamp);
    }
}

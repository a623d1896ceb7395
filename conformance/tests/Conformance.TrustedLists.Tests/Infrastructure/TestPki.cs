using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.TrustedLists.Tests.Infrastructure;

/// <summary>Throw-away certificates for self-made lists: list signers, a LOTL signer, a TSA CA and TSU certificates.</summary>
internal static class TestPki
{
    private static readonly DateTimeOffset NotBefore = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static X509Certificate2 SelfSignedRsa(string subject)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(NotBefore, NotAfter);
    }

    public static X509Certificate2 SelfSignedEcdsa(string subject)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(NotBefore, NotAfter);
    }

    /// <summary>A TSU certificate issued by <paramref name="issuer"/> (which must carry its private key).</summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, string subject, ECDsa? key = null)
    {
        using ECDsa own = key ?? ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, own, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], true));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using RSA issuerKey = issuer.GetRSAPrivateKey() ?? throw new InvalidOperationException("the issuer needs an RSA private key");
        using X509Certificate2 certificate = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1),
            NotBefore.AddDays(1), NotAfter.AddDays(-1), serial);
        return certificate.CopyWithPrivateKey(own);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Runner.Tests.Infrastructure;

/// <summary>
/// A throw-away RSA root CA for revocation tests: a self-signed CA certificate (keyCertSign, cRLSign, subject key
/// identifier) whose <see cref="Certificate"/> holds only the public part; <see cref="Key"/> signs.
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    public TestCertificateAuthority(string commonName, DateTimeOffset now)
    {
        var request = new CertificateRequest($"CN={commonName}, O=Tests, C=NO", Key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using X509Certificate2 selfSigned = request.CreateSelfSigned(now.AddDays(-10), now.AddYears(2));
        Certificate = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
    }

    public RSA Key { get; } = RSA.Create(2048);

    public X509Certificate2 Certificate { get; }

    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
    }
}

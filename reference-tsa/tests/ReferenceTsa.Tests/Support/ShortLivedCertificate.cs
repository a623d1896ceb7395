using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Certificates;
using ReferenceTsa.Configuration;

namespace ReferenceTsa.Tests.Support;

/// <summary>A dev TSU certificate whose private key usage period ends soon, to watch a TSA cross the end of signing.</summary>
public static class ShortLivedCertificate
{
    /// <summary>
    /// Issues, from the dev CA of <paramref name="dataDirectory"/> (`dev init`, software ECDSA keys), a new certificate
    /// for the TSU's own key whose privateKeyUsagePeriod ends <paramref name="keyLifetime"/> from now (whole seconds,
    /// as GeneralizedTime has them), points the TSU at it and returns that end.
    /// </summary>
    public static DateTimeOffset Install(TsaOptions options, string dataDirectory, string tsuName, TimeSpan keyLifetime)
    {
        var tsu = options.Tsus[tsuName];
        using var ca = DevCertificateAuthority.Load(Path.Combine(dataDirectory, EmbeddedDefault.RootCaFileName), Path.Combine(dataDirectory, "dev-root-ca.key.pem"));
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(dataDirectory, tsu.Key.Path!)));
        var now = DateTimeOffset.UtcNow;
        using var original = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(dataDirectory, tsu.Certificate!));
        string subject = original.GetNameInfo(X509NameType.SimpleName, false);
        using var certificate = ca.IssueTsuCertificate(new PublicKey(key), subject, now, TimeSpan.FromDays(365), keyLifetime);
        string file = $"{tsuName}.short-lived.cert.pem";
        File.WriteAllText(Path.Combine(dataDirectory, file), certificate.ExportCertificatePem());
        tsu.Certificate = file;
        var end = PrivateKeyUsagePeriod.FromCertificate(certificate)!.NotAfter!.Value;
        Assert.InRange(end, now + keyLifetime - TimeSpan.FromSeconds(1), now + keyLifetime);
        return end;
    }
}

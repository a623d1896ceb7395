using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ReferenceTsa.Tls;

/// <summary>A problem with the HTTPS server certificate files; <see cref="Setting"/> names the configuration key.</summary>
public sealed class ServerCertificateException(string setting, string message) : Exception(message)
{
    public string Setting { get; } = setting;
}

/// <summary>
/// Reads the HTTPS server certificate, its key and intermediates from PEM or PKCS#12 files into an
/// <see cref="SslStreamCertificateContext"/> (the chain is sent in the handshake, built once per load, not per connection).
/// </summary>
public sealed record ServerCertificateFiles(string CertificatePath, string? KeyPath, string? Password)
{
    private const string Prefix = "Tsa:Tls";
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    public bool IsPkcs12 => CertificatePath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
                            || CertificatePath.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The files whose change triggers a reload.</summary>
    public IEnumerable<string> Paths => KeyPath is null ? [CertificatePath] : [CertificatePath, KeyPath];

    /// <summary>Loads and checks the files; throws <see cref="ServerCertificateException"/> naming the setting.</summary>
    public LoadedServerCertificate Load(DateTimeOffset now)
    {
        var (leaf, intermediates) = IsPkcs12 ? LoadPkcs12() : LoadPem();
        try
        {
            if (now < leaf.NotBefore.ToUniversalTime() || now > leaf.NotAfter.ToUniversalTime())
            {
                throw new ServerCertificateException($"{Prefix}:Certificate",
                    $"{CertificatePath}: {leaf.Subject} is valid from {leaf.NotBefore.ToUniversalTime():u} to {leaf.NotAfter.ToUniversalTime():u}, not now");
            }

            var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
            if (eku is not null && !eku.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == ServerAuth.Value))
            {
                throw new ServerCertificateException($"{Prefix}:Certificate",
                    $"{CertificatePath}: {leaf.Subject} has an extended key usage without id-kp-serverAuth (RFC 5280 §4.2.1.12)");
            }

            var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
            return new LoadedServerCertificate(leaf, context);
        }
        catch
        {
            leaf.Dispose();
            throw;
        }
    }

    private (X509Certificate2 Leaf, X509Certificate2Collection Intermediates) LoadPem()
    {
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPemFile(CertificatePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ServerCertificateException($"{Prefix}:Certificate", $"{CertificatePath} cannot be read as PEM certificates: {e.Message}");
        }

        if (all.Count == 0)
        {
            throw new ServerCertificateException($"{Prefix}:Certificate", $"{CertificatePath} holds no PEM certificate");
        }

        string keyPath = KeyPath ?? CertificatePath;
        X509Certificate2 leaf;
        try
        {
            leaf = Password is null
                ? X509Certificate2.CreateFromPemFile(CertificatePath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(CertificatePath, Password, keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ServerCertificateException(KeyPath is null ? $"{Prefix}:Certificate" : $"{Prefix}:Key",
                $"{keyPath} has no private key for the certificate {all[0].Subject}, or it cannot be read: {e.Message}");
        }

        // Export/import gives a key SslStream can use on every platform (an ephemeral PEM key is refused on Windows).
        var usable = OperatingSystem.IsWindows() ? ReloadAsPkcs12(leaf) : leaf;
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all.Skip(1))
        {
            intermediates.Add(certificate);
        }

        return (usable, intermediates);
    }

    private static X509Certificate2 ReloadAsPkcs12(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    private (X509Certificate2 Leaf, X509Certificate2Collection Intermediates) LoadPkcs12()
    {
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12CollectionFromFile(CertificatePath, Password);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ServerCertificateException($"{Prefix}:Certificate", $"{CertificatePath} cannot be read as PKCS#12 (wrong password?): {e.Message}");
        }

        var leaf = all.FirstOrDefault(c => c.HasPrivateKey)
                   ?? throw new ServerCertificateException($"{Prefix}:Certificate", $"{CertificatePath} holds no certificate with its private key");
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in all.Where(c => !ReferenceEquals(c, leaf)))
        {
            intermediates.Add(certificate);
        }

        return (leaf, intermediates);
    }
}

/// <summary>A loaded server certificate: the leaf (for logs) and the context handed to every TLS handshake.</summary>
public sealed record LoadedServerCertificate(X509Certificate2 Certificate, SslStreamCertificateContext Context)
{
    public string Describe() =>
        $"{Certificate.Subject} (SHA-256 {Certificate.GetCertHashString(HashAlgorithmName.SHA256)}, valid until {Certificate.NotAfter.ToUniversalTime():u})";
}

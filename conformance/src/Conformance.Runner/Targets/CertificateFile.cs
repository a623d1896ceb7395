using System.Security.Cryptography.X509Certificates;

namespace Conformance.Runner.Targets;

/// <summary>Certificates from a file as users give them: PEM (one or more certificates) or one DER certificate.</summary>
public static class CertificateFile
{
    /// <summary>Reads the file; throws CryptographicException, IOException or UnauthorizedAccessException as .NET does. May return none.</summary>
    public static X509Certificate2Collection Load(string file)
    {
        var collection = new X509Certificate2Collection();
        if (File.ReadAllText(file).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            collection.ImportFromPemFile(file);
        }
        else
        {
            collection.Add(X509CertificateLoader.LoadCertificateFromFile(file));
        }

        return collection;
    }
}

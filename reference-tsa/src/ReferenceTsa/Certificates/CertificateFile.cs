using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Configuration;

namespace ReferenceTsa.Certificates;

/// <summary>A certificate named in the configuration (PEM or DER); a missing or unreadable file is a problem naming the setting.</summary>
public static class CertificateFile
{
    public static X509Certificate2? Load(string path, string setting, List<ConfigurationProblem> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add(new(setting, $"{path} does not exist"));
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException e)
        {
            problems.Add(new(setting, $"{path} is not an X.509 certificate (PEM or DER): {e.Message}"));
            return null;
        }
    }
}

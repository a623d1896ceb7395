using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Runner.Targets;

namespace Conformance.Cli.Commands;

/// <summary>Certificates given on the command line as trust anchors (<see cref="CertificateFile"/>: PEM or DER).</summary>
internal static class TrustAnchorFiles
{
    public static bool TryLoad(IReadOnlyList<string> files, TextWriter error, out X509Certificate2Collection anchors)
    {
        anchors = [];
        foreach (string file in files)
        {
            try
            {
                X509Certificate2Collection loaded = CertificateFile.Load(file);
                if (loaded.Count == 0)
                {
                    error.WriteLine($"--trust-anchor: {file}: no certificate found");
                    return false;
                }

                anchors.AddRange(loaded);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"--trust-anchor: {file}: cannot load the certificate: {e.Message}");
                return false;
            }
        }

        return true;
    }
}

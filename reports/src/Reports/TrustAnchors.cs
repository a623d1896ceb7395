using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Reports;

/// <summary>Trust anchors for `report verify --trust-anchor FILE`: PEM (one or more certificates) or DER files.</summary>
public static class TrustAnchors
{
    public static IReadOnlyList<X509Certificate2> Load(IEnumerable<string> files)
    {
        var anchors = new List<X509Certificate2>();
        foreach (string file in files)
        {
            if (!File.Exists(file))
            {
                throw new ReportInputException($"{file}: no such trust anchor file");
            }

            try
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

                if (collection.Count == 0)
                {
                    throw new ReportInputException($"{file}: holds no certificate");
                }

                anchors.AddRange(collection);
            }
            catch (CryptographicException e)
            {
                throw new ReportInputException($"{file}: not a PEM or DER X.509 certificate: {e.Message}");
            }
        }

        return anchors;
    }
}

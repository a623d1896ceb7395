using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Certificates;

/// <summary>
/// Start-up checks that a TSU certificate may sign tokens now. Each problem is a sentence naming the rule.
/// </summary>
public static class TsuCertificateProfile
{
    public static IReadOnlyList<string> Problems(X509Certificate2 certificate, DateTimeOffset now)
    {
        var problems = new List<string>();

        // RFC 3161 §2.3 and EN 319 422 §6.4: exactly one EKU, critical, holding only id-kp-timeStamping.
        var ekus = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        if (ekus.Count != 1)
        {
            problems.Add(ekus.Count == 0
                ? "it has no extended key usage extension; RFC 3161 §2.3 requires a critical id-kp-timeStamping EKU"
                : "it has more than one extended key usage extension");
        }
        else
        {
            var eku = ekus[0];
            var purposes = eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToList();
            if (!eku.Critical)
            {
                problems.Add("its extended key usage extension is not critical (RFC 3161 §2.3)");
            }

            if (purposes.Count != 1 || purposes[0] != Oids.TimeStampingPurpose)
            {
                problems.Add($"its extended key usage must be id-kp-timeStamping only, but is [{string.Join(", ", purposes)}]");
            }
        }

        // RFC 5280 §4.2.1.3: a TSU signs, nothing else.
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        const X509KeyUsageFlags allowed = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;
        if (keyUsage is null || (keyUsage.KeyUsages & X509KeyUsageFlags.DigitalSignature) == 0)
        {
            problems.Add("its key usage does not include digitalSignature");
        }
        else if ((keyUsage.KeyUsages & ~allowed) != 0)
        {
            problems.Add($"its key usage allows more than signing: {keyUsage.KeyUsages}");
        }

        if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
        {
            problems.Add("it is a CA certificate; a TSU certificate is an end-entity certificate");
        }

        if (now < certificate.NotBefore.ToUniversalTime())
        {
            problems.Add($"it is not valid yet (notBefore {certificate.NotBefore.ToUniversalTime():u})");
        }

        if (now > certificate.NotAfter.ToUniversalTime())
        {
            problems.Add($"it has expired (notAfter {certificate.NotAfter.ToUniversalTime():u})");
        }

        var usagePeriod = PrivateKeyUsagePeriod.FromCertificate(certificate);
        if (usagePeriod is not null && !usagePeriod.Covers(now))
        {
            problems.Add($"its privateKeyUsagePeriod ({usagePeriod.NotBefore:u} to {usagePeriod.NotAfter:u}) does not cover now");
        }

        return problems;
    }
}

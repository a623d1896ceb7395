using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>
/// The TSU private key's expiry date, EN 319 421 §7.6.7: the TSA sets one (TIS-7.6.7-01, shall), no later than the
/// certificate's notAfter (TIS-7.6.7-02, shall), either in the cryptographic module or as a privateKeyUsagePeriod in the
/// certificate (TIS-7.6.7-05, may). Only the second form is visible from outside.
/// </summary>
public static class KeyExpiryRequirements
{
    /// <summary>
    /// EN 319 421 TIS-7.6.7-01/-02: a privateKeyUsagePeriod the certificate declares ends no later than the certificate.
    /// Without the extension the expiry lives in the module, which only attested evidence can show: not applicable here.
    /// </summary>
    public static void DeclaredKeyExpiryNotAfterCertificate(X509Certificate2 certificate)
    {
        const string id = "EN319421-TIS-7.6.7-02";
        if (CertificateMatching.PrivateKeyUsagePeriod(certificate) is not { } pkup || pkup.NotAfter is not { } keyEnd)
        {
            // Not a gap in the token: TIS-7.6.7-05 lets the expiry live in the module, which the attested part of
            // TIS-7.6.7-01/-02 covers (evidence listed in the catalogue). Nothing here to judge from outside.
            throw new NotApplicableException(
                "the TSU certificate states no private key expiry (no privateKeyUsagePeriod.notAfter), so it is set in the cryptographic module if at all "
                + "(EN 319 421 TIS-7.6.7-05); ask for the expiry configured for the TSU key, the key ceremony record and the policy or practice statement giving it (TIS-7.6.7-09)");
        }

        DateTimeOffset notAfter = new(certificate.NotAfter.ToUniversalTime());
        if (keyEnd > notAfter)
        {
            throw new RequirementNotMetException(id, "the private key's declared expiry is later than the certificate's notAfter",
                $"privateKeyUsagePeriod.notAfter on or before {notAfter:yyyy-MM-ddTHH:mm:ssZ}", $"{keyEnd:yyyy-MM-ddTHH:mm:ssZ}");
        }
    }
}

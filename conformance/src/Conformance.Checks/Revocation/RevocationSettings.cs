namespace Conformance.Checks.Revocation;

/// <summary>
/// Where revocation information for the TSU certificate comes from (TSP-CERT-010). Local CRL files come first (offline
/// use, or a CA whose distribution point cannot be reached from here); without one for the certificate's issuer the CRL
/// is downloaded from the certificate's CRL distribution point. OCSP is asked when the certificate's AIA names a
/// responder, unless switched off. Target file: <c>revocation: { crls: [files], ocsp: off }</c>.
/// </summary>
public sealed record RevocationSettings
{
    public static readonly RevocationSettings Default = new();

    /// <summary>CRL files (DER or PEM), already resolved to full paths.</summary>
    public IReadOnlyList<string> CrlFiles { get; init; } = [];

    public bool UseOcsp { get; init; } = true;
}

namespace ReferenceTsa.Defects;

/// <summary>Where in the TSA a defect is injected: the part of the code that would have the bug.</summary>
public enum DefectSite
{
    /// <summary>Request decoding and the issuer's decision to grant or refuse (RFC 3161 §2.4.1).</summary>
    Issuer,

    /// <summary>The TSTInfo the issuer fills in and its DER encoder (RFC 3161 §2.4.2, EN 319 422 §5.2).</summary>
    TstInfo,

    /// <summary>The CMS SignedData around the TSTInfo (RFC 5652 §5, RFC 5035, RFC 6211).</summary>
    SignedData,

    /// <summary>The TimeStampResp encoder (RFC 3161 §2.4.2).</summary>
    Response,

    /// <summary>The HTTP endpoint (RFC 3161 §3.4).</summary>
    Http,

    /// <summary>The TSU certificate, re-issued with the flaw by the development CA at start-up (EN 319 422 §6).</summary>
    TsuCertificate,

    /// <summary>The development EU trusted list written for the qualified TSU at start-up (ETSI TS 119 612; TrustedList/DevTrustedList).</summary>
    TrustedList,
}

/// <summary>
/// One deliberate departure from the standards the reference TSA can be told to make (development mode only), and
/// the requirement IDs of the conformance suite whose scenarios have to fail when it is active.
/// </summary>
/// <param name="Name">The kebab-case name used in Tsa:Defects.</param>
/// <param name="Site">Where the defect is injected.</param>
/// <param name="Effect">What the TSA then does wrong, in one sentence.</param>
/// <param name="CaughtBy">Requirement IDs (spec/requirements) whose scenarios fail with this defect.</param>
public sealed record Defect(string Name, DefectSite Site, string Effect, IReadOnlyList<string> CaughtBy)
{
    public override string ToString() => Name;
}

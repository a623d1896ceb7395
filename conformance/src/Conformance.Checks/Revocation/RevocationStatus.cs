namespace Conformance.Checks.Revocation;

/// <summary>CRLReason (RFC 5280 §5.3.1) values the suite names; others are shown by number.</summary>
public static class CrlReasons
{
    public const int Unspecified = 0;
    public const int KeyCompromise = 1;

    public static string Name(int? reason) => reason switch
    {
        null => "no reasonCode",
        0 => "unspecified (0)",
        1 => "keyCompromise (1)",
        2 => "cACompromise (2)",
        3 => "affiliationChanged (3)",
        4 => "superseded (4)",
        5 => "cessationOfOperation (5)",
        6 => "certificateHold (6)",
        8 => "removeFromCRL (8)",
        9 => "privilegeWithdrawn (9)",
        10 => "aACompromise (10)",
        _ => $"reason {reason}",
    };

    /// <summary>
    /// RFC 3161 §4: a TSU key revoked for key compromise, or without a stated reason, makes every token of that key
    /// untrustworthy; other reasons leave tokens made before the revocation valid.
    /// </summary>
    public static bool InvalidatesEveryToken(int? reason) => reason is null or Unspecified or KeyCompromise;
}

/// <summary>What one source (a CRL or an OCSP response) says about the certificate.</summary>
public sealed record RevocationAnswer(string Source, bool Revoked, DateTimeOffset? RevokedAt, int? Reason, string Detail);

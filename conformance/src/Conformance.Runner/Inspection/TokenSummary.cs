using System.Globalization;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;

namespace Conformance.Runner.Inspection;

/// <summary>
/// What identifies a stored token in inspect's per-file table: the TSU (signer certificate subject, else the TSTInfo
/// tsa name's presence), genTime as encoded, policy, serial, and whether the token claims to be qualified
/// (esi4-qtstStatement-1 in its qcStatements: a claim, not a qualified status, which only the trusted list gives).
/// </summary>
public sealed record TokenSummary(string? Tsu, string? GenTime, string? Policy, string? Serial, bool QualifiedClaim)
{
    public static TokenSummary? Of(StoredToken token)
    {
        if (token.Token is not { } t)
        {
            return null;
        }

        string? tsu = null;
        try
        {
            tsu = t.FindSignerCertificate()?.Subject;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
        }

        TstInfo? info = t.TstInfo;
        return new TokenSummary(
            tsu,
            info?.GenTime is { } g ? g.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture) : info?.GenTimeText,
            info?.Policy,
            info?.SerialNumber.ToString(CultureInfo.InvariantCulture),
            QualifiedRequirements.DeclaresQualified(t));
    }
}

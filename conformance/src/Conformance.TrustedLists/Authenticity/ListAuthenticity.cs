namespace Conformance.TrustedLists.Authenticity;

/// <summary>Whether a list may be used for a decision, and why (or why not).</summary>
public sealed record ListAuthenticity(bool IsAuthentic, string Reason)
{
    public string Describe() => (IsAuthentic ? "authentic: " : "NOT authentic: ") + Reason;
}

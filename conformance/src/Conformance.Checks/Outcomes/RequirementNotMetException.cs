namespace Conformance.Checks.Outcomes;

/// <summary>A finding: the target was checked and does not meet a requirement. Scenarios that throw this have failed.</summary>
public sealed class RequirementNotMetException(string requirementId, string message, string? expected = null, string? observed = null)
    : Exception(Format(requirementId, message, expected, observed))
{
    public string RequirementId { get; } = requirementId;
    public string? Expected { get; } = expected;
    public string? Observed { get; } = observed;

    /// <summary>
    /// Set when the finding rests on a value the catalogue marks as a placeholder (e.g. an unverified crypto-policy row):
    /// the text names that value. The runner then grades the finding as an observation at most, never a nonconformity.
    /// </summary>
    public string? PlaceholderBasis { get; init; }

    private static string Format(string id, string message, string? expected, string? observed)
    {
        string text = $"{id}: {message}";
        if (expected is not null)
        {
            text += $" (expected: {expected}";
            text += observed is null ? ")" : $"; observed: {observed})";
        }
        else if (observed is not null)
        {
            text += $" (observed: {observed})";
        }

        return text;
    }
}

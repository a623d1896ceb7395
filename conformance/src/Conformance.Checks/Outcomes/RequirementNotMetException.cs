namespace Conformance.Checks.Outcomes;

/// <summary>
/// A finding: the target was checked and does not meet a requirement. Scenarios that throw this have failed.
/// <para>
/// A check in this library names the requirement it embodies (<see cref="RequirementId"/>). A step binding names none:
/// it throws <see cref="ForScenario"/>, and the runner attributes the finding to the scenario's <c>@req</c> tags (the
/// first one, or the one the binding names as <c>requirement</c>). Whatever the finding names must be among the
/// scenario's tags, or the runner reports an error; a check composing another requirement's check reports its part's
/// finding under its own ID (<see cref="AsPartOf"/>). See docs/architecture.md, "How a finding gets its requirement ID".
/// </para>
/// </summary>
public sealed class RequirementNotMetException : Exception
{
    /// <summary>A check's finding against the requirement it embodies.</summary>
    public RequirementNotMetException(string requirementId, string message, string? expected = null, string? observed = null)
        : this(requirementId, false, message, expected, observed)
    {
    }

    private RequirementNotMetException(string? requirementId, bool scenarioFinding, string message, string? expected, string? observed)
        : base(Format(requirementId, Describe(message, expected, observed)))
    {
        RequirementId = requirementId;
        IsScenarioFinding = scenarioFinding;
        _text = message;
        Finding = Describe(message, expected, observed);
        Expected = expected;
        Observed = observed;
    }

    /// <summary>
    /// A binding's finding, attributed by the runner to the scenario's requirement: the first <c>@req</c> tag, or
    /// <paramref name="requirement"/> when the scenario carries several and the finding belongs to that one (a key the
    /// runner checks against the tags; one that is not among them is a runner error, never a finding).
    /// </summary>
    public static RequirementNotMetException ForScenario(string message, string? expected = null, string? observed = null, string? requirement = null) =>
        new(requirement, true, message, expected, observed);

    /// <summary>
    /// A finding of a helper shared by several requirements (e.g. "the token holds a TSTInfo"): against
    /// <paramref name="requirementId"/> when a check names it, else against the scenario's (<see cref="ForScenario"/>).
    /// </summary>
    public static RequirementNotMetException Against(string? requirementId, string message, string? expected = null, string? observed = null) =>
        requirementId is null ? ForScenario(message, expected, observed) : new RequirementNotMetException(requirementId, message, expected, observed);

    /// <summary>
    /// This finding as a finding of <paramref name="requirementId"/>, whose check composes the check that found it (eIDAS
    /// Art. 42(1)(a) runs the imprint, signed-attribute and signature checks): reported and graded under the composing
    /// requirement, its text naming the part's own requirement; expected, observed and any placeholder basis kept.
    /// </summary>
    public RequirementNotMetException AsPartOf(string requirementId) =>
        new(requirementId, false, RequirementId is null || RequirementId == requirementId ? _text : $"the {RequirementId} check finds: {_text}", Expected, Observed)
        {
            PlaceholderBasis = PlaceholderBasis,
        };

    /// <summary>The requirement the finding names; null for a binding's finding that leaves it to the scenario's tags.</summary>
    public string? RequirementId { get; }

    /// <summary>Raised by a step binding for its scenario (<see cref="ForScenario"/>), not by a check of this library.</summary>
    public bool IsScenarioFinding { get; }

    /// <summary>The finding without a requirement ID: "text (expected: X; observed: Y)".</summary>
    public string Finding { get; }

    private readonly string _text;

    public string? Expected { get; }
    public string? Observed { get; }

    /// <summary>
    /// Set when the finding rests on a value the catalogue marks as a placeholder (e.g. an unverified crypto-policy row):
    /// the text names that value. The runner then grades the finding as an observation at most, never a nonconformity.
    /// </summary>
    public string? PlaceholderBasis { get; init; }

    /// <summary>The finding as reports show it: "ID: text (expected: X; observed: Y)", or the text alone without an ID.</summary>
    public static string Format(string? requirementId, string finding) => requirementId is null ? finding : $"{requirementId}: {finding}";

    private static string Describe(string message, string? expected, string? observed)
    {
        string text = message;
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

using System.Reflection;
using Conformance.Checks.Outcomes;
using Conformance.Runner.Results;

namespace Conformance.Runner.Host;

/// <summary>
/// Maps what a step threw to a scenario status. Only a <see cref="RequirementNotMetException"/> is a finding
/// (failed); a misbehaving target and any unexpected exception (a bug in a step) make the result an error, so an
/// incomplete run is never reported as conformant or as non-conformant by accident. A finding gets its requirement ID
/// from the scenario's <c>@req</c> tags (<see cref="Grading.FindingAttribution"/>); one naming a requirement the scenario
/// is not tagged with, and a needs-evidence outcome doing so, is a runner error.
/// </summary>
public static class OutcomeClassifier
{
    public static ScenarioStatus Classify(Exception? exception, IReadOnlyList<string> scenarioRequirements) => Unwrap(exception) switch
    {
        null => ScenarioStatus.Passed,
        RequirementNotMetException e when Grading.FindingAttribution.Of(e, scenarioRequirements).RunnerError is not null => ScenarioStatus.Error,
        RequirementNotMetException => ScenarioStatus.Failed,
        NeedsAttestedEvidenceException e when Grading.FindingAttribution.Of(e, scenarioRequirements).RunnerError is not null => ScenarioStatus.Error,
        NotApplicableException => ScenarioStatus.NotApplicable,
        NeedsAttestedEvidenceException => ScenarioStatus.NeedsEvidence,
        ScenarioNotRunException => ScenarioStatus.Skipped,
        _ => ScenarioStatus.Error,
    };

    public static string Describe(Exception exception, IReadOnlyList<string> scenarioRequirements)
    {
        Exception inner = Unwrap(exception)!;
        return inner switch
        {
            RequirementNotMetException e => Grading.FindingAttribution.Of(e, scenarioRequirements).Message,
            NeedsAttestedEvidenceException e => Grading.FindingAttribution.Of(e, scenarioRequirements).Message,
            TargetErrorException or NotApplicableException or ScenarioNotRunException => inner.Message,
            _ => $"{inner.GetType().Name}: {inner.Message}",
        };
    }

    /// <summary>The finding a failed scenario ended with, as the grader needs it; null when the exception is no finding.</summary>
    public static Grading.RawFinding? FindingOf(Exception? exception, IReadOnlyList<string> scenarioRequirements) =>
        Unwrap(exception) is RequirementNotMetException e && Grading.FindingAttribution.Of(e, scenarioRequirements) is { RunnerError: null } attributed
            ? new Grading.RawFinding(attributed.RequirementId, attributed.Message, e.PlaceholderBasis)
            : null;

    private static Exception? Unwrap(Exception? exception)
    {
        while (exception is TargetInvocationException or AggregateException && exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }
}

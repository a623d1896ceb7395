using System.Reflection;
using Conformance.Checks.Outcomes;
using Conformance.Runner.Results;

namespace Conformance.Runner.Host;

/// <summary>
/// Maps what a step threw to a scenario status. Only a <see cref="RequirementNotMetException"/> is a finding
/// (failed); a misbehaving target and any unexpected exception (a bug in a step) make the result an error, so an
/// incomplete run is never reported as conformant or as non-conformant by accident.
/// </summary>
public static class OutcomeClassifier
{
    public static ScenarioStatus Classify(Exception? exception) => Unwrap(exception) switch
    {
        null => ScenarioStatus.Passed,
        RequirementNotMetException => ScenarioStatus.Failed,
        NotApplicableException => ScenarioStatus.NotApplicable,
        NeedsAttestedEvidenceException => ScenarioStatus.NeedsEvidence,
        ScenarioNotRunException => ScenarioStatus.Skipped,
        _ => ScenarioStatus.Error,
    };

    public static string Describe(Exception exception)
    {
        Exception inner = Unwrap(exception)!;
        return inner switch
        {
            RequirementNotMetException or TargetErrorException or NotApplicableException or NeedsAttestedEvidenceException or ScenarioNotRunException => inner.Message,
            _ => $"{inner.GetType().Name}: {inner.Message}",
        };
    }

    /// <summary>The finding a failed scenario ended with, as the grader needs it; null when the exception is no finding.</summary>
    public static Grading.RawFinding? FindingOf(Exception? exception) => Unwrap(exception) is RequirementNotMetException e
        ? new Grading.RawFinding(e.RequirementId, e.Message, e.PlaceholderBasis)
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

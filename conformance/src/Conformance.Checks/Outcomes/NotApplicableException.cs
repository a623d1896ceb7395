namespace Conformance.Checks.Outcomes;

/// <summary>The scenario does not apply to this target or input (e.g. no qualified URL declared, or an offline token).</summary>
public sealed class NotApplicableException(string message) : Exception(message);

namespace Conformance.Checks.Outcomes;

/// <summary>
/// The check could not be carried out because the target did not behave like a time-stamping service at all
/// (unreachable, TLS failure, HTTP error, not a TimeStampResp, timeout). Scenarios that throw this end in "error":
/// the run is incomplete, not a finding against a requirement.
/// </summary>
public sealed class TargetErrorException(string message, Exception? inner = null) : Exception(message, inner);

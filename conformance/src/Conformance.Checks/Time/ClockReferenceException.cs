namespace Conformance.Checks.Time;

/// <summary>The local clock could not be referenced to UTC: the NTP server is unreachable, unsynchronised or answered nonsense.</summary>
public sealed class ClockReferenceException(string message, Exception? inner = null, bool serverUnsynchronised = false) : Exception(message, inner)
{
    /// <summary>The server answered but says it is not synchronised; asking again does not help.</summary>
    public bool ServerUnsynchronised { get; } = serverUnsynchronised;
}

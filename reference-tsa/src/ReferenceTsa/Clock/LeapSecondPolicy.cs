namespace ReferenceTsa.Clock;

/// <summary>What the TSA does around a leap second (Tsa:Clock:LeapSeconds:Policy).</summary>
public enum LeapSecondPolicy
{
    /// <summary>Issue normally; genTime follows the system clock through the leap (development, or a clock that handles it).</summary>
    None,

    /// <summary>No time-stamps (timeNotAvailable) in the window around 23:59:60; issuance resumes by itself after it.</summary>
    Pause,

    /// <summary>No time-stamps from the start of the window until an operator restarts the TSA.</summary>
    Stop,
}

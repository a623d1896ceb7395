namespace ReferenceTsa.Clock;

/// <summary>Where issuance asks whether the clock may be trusted right now.</summary>
public interface IClockStateSource
{
    ClockState Current { get; }
}

/// <summary>Development only: the clock is not monitored; issuance is open and every token records that.</summary>
public sealed class UnmonitoredClock(TimeProvider clock) : IClockStateSource
{
    public ClockState Current => ClockState.Unmonitored(clock.GetUtcNow());
}

namespace ReferenceTsa.Tests.Support;

/// <summary>A clock the test moves by hand, to walk the TSA through a leap second or a smear day in milliseconds.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;

    public DateTimeOffset Now
    {
        get
        {
            lock (_lock)
            {
                return _now;
            }
        }

        set
        {
            lock (_lock)
            {
                _now = value;
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

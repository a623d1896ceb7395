namespace ReferenceTsa.Clock;

/// <summary>
/// Time-source monitoring (EN 319 421 TIS-7.7.1-07, TIS-7.7.2): where UTC comes from and when the TSA must stop.
/// Bound from the "Tsa:Clock" section.
/// </summary>
public sealed class ClockOptions
{
    /// <summary>NTP sources, "host" or "host:port". At least <see cref="MinimumSources"/> must be usable.</summary>
    public List<string> Sources { get; set; } = [];

    /// <summary>How many sources must answer, be fresh and agree for issuance to go on.</summary>
    public int MinimumSources { get; set; } = 2;

    public string PollInterval { get; set; } = "1s";

    public string QueryTimeout { get; set; } = "500ms";

    /// <summary>A source whose last good answer is older than this counts as unreachable.</summary>
    public string MaxSampleAge { get; set; } = "2s";

    /// <summary>Issuance stops when the error bound exceeds the declared accuracy minus this margin.</summary>
    public string SafetyMargin { get; set; } = "100ms";

    /// <summary>Sources whose offsets differ by more than this disagree, and the gate closes.</summary>
    public string MaxDisagreement { get; set; } = "100ms";

    /// <summary>After a closure, this many consecutive good evaluations are needed before issuance resumes.</summary>
    public int ReopenAfterGoodPolls { get; set; } = 3;

    /// <summary>
    /// Development only: issue without monitoring the clock. The TSA then cannot show that genTime is within the
    /// declared accuracy of UTC (EN 319 421 TIS-7.7.1); /readyz and the log say so.
    /// </summary>
    public bool AllowUnmonitoredClock { get; set; }
}

namespace ReferenceTsa.Clock;

/// <summary>
/// Time-source monitoring (EN 319 421 TIS-7.7.1-07, TIS-7.7.2): where UTC comes from and when the TSA must stop.
/// Bound from the "Tsa:Clock" section.
/// </summary>
public sealed class ClockOptions
{
    /// <summary>
    /// Time sources: NTP servers as "host" or "host:port", or chrony's tracking data as "chrony:" (default command
    /// socket), "chrony:/path/chronyd.sock" or "chrony:host:port" (command port). At least <see cref="MinimumSources"/>
    /// must be usable.
    /// </summary>
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

    /// <summary>What happens around a leap second, and where the schedule comes from.</summary>
    public LeapSecondOptions LeapSeconds { get; set; } = new();

    /// <summary>
    /// Sources known to smear leap seconds, by configured address, host name or reference ID: never counted as
    /// usable, since their time is not UTC around a leap second. Public smearing services are refused at start-up.
    /// </summary>
    public List<string> SmearingSources { get; set; } = [];

    /// <summary>A source whose offset drifts at least this much (ppm) against the others near a leap second is taken for a smearing one.</summary>
    public double SmearDriftPpm { get; set; } = 5;

    /// <summary>How long a source's drift is observed before the smear heuristic judges it.</summary>
    public string SmearObservation { get; set; } = "600s";

    /// <summary>
    /// Development only: issue without monitoring the clock. The TSA then cannot show that genTime is within the
    /// declared accuracy of UTC (EN 319 421 TIS-7.7.1); /readyz and the log say so.
    /// </summary>
    public bool AllowUnmonitoredClock { get; set; }
}

/// <summary>Leap seconds (Tsa:Clock:LeapSeconds).</summary>
public sealed class LeapSecondOptions
{
    /// <summary>none, pause (no time-stamps in the window, resumes by itself) or stop (stops until a restart).</summary>
    public string Policy { get; set; } = "pause";

    /// <summary>The IERS leap-seconds.list; tzdata ships it. Not read under policy none.</summary>
    public string List { get; set; } = "/usr/share/zoneinfo/leap-seconds.list";

    /// <summary>How long before 23:59:60 and after the following 00:00:00 no time-stamp is issued.</summary>
    public string Window { get; set; } = "1s";
}

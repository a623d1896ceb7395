namespace Conformance.Checks.Operator;

/// <summary>How the operator sets up a throw-away instance for a scenario.</summary>
public sealed record OperatedTsaSetup
{
    /// <summary>The instance measures its clock against UTC sources the operator can cut or skew (TSP-REF-001, -005).</summary>
    public bool ControlledTimeSources { get; init; }

    /// <summary>The instance runs as its own process, so that it can be killed and restarted (TSP-REF-006).</summary>
    public bool Restartable { get; init; }

    public TsuFault Fault { get; init; } = TsuFault.None;

    /// <summary>For <see cref="TsuFault.KeyUsageEndsDuringOperation"/>: how long after start the TSU key's usage period ends.</summary>
    public TimeSpan KeyUsageEndsAfter { get; init; } = TimeSpan.FromSeconds(3);

    public string Describe() => string.Join(", ", new[]
    {
        Fault == TsuFault.None ? "as deployed" : Fault.Describe(),
        ControlledTimeSources ? "UTC sources under the operator's control" : null,
        Restartable ? "in its own process" : null,
    }.OfType<string>());
}

/// <summary>A configuration fault set by the operator; TSU faults concern the TSU behind the non-qualified endpoint.</summary>
public enum TsuFault
{
    None,

    /// <summary>The TSU key's usage period (privateKeyUsagePeriod) ended before the start (TSP-REF-002).</summary>
    KeyUsagePeriodEnded,

    /// <summary>The TSU key's usage period ends while the instance runs (TSP-REF-002).</summary>
    KeyUsageEndsDuringOperation,

    /// <summary>The TSU has no certificate (TSP-REF-003).</summary>
    CertificateMissing,

    /// <summary>The qualified TSU is also put behind the non-qualified endpoint (TSP-REF-007).</summary>
    QualifiedTsuServesNonQualifiedEndpoint,

    /// <summary>The qualified and the non-qualified TSU carry the same subject name (TSP-REF-007, TIS-8.2-02).</summary>
    QualifiedAndNonQualifiedTsuShareSubjectName,
}

public static class TsuFaultText
{
    public static string Describe(this TsuFault fault) => fault switch
    {
        TsuFault.KeyUsagePeriodEnded => "the TSU key's usage period has ended",
        TsuFault.KeyUsageEndsDuringOperation => "the TSU key's usage period ends while it runs",
        TsuFault.CertificateMissing => "the TSU certificate is not loaded",
        TsuFault.QualifiedTsuServesNonQualifiedEndpoint => "the qualified TSU also serves the non-qualified endpoint",
        TsuFault.QualifiedAndNonQualifiedTsuShareSubjectName => "the qualified and non-qualified TSUs share one subject name",
        _ => "no fault",
    };
}

using System.Numerics;

namespace ReferenceTsa.Defects;

/// <summary>
/// The defects switched on for this run (Tsa:Defects, development mode only), consulted by the code paths where each
/// one is injected. <see cref="None"/> in every conformant configuration.
/// </summary>
public sealed class ActiveDefects
{
    public static readonly ActiveDefects None = new([], TimeSpan.Zero);

    private readonly HashSet<Defect> _active;
    private BigInteger? _firstSerial;

    public ActiveDefects(IEnumerable<Defect> defects, TimeSpan genTimeSkew)
    {
        _active = [.. defects];
        GenTimeSkew = genTimeSkew;
    }

    public IReadOnlyList<Defect> List => [.. DefectCatalogue.All.Where(_active.Contains)];

    public bool Any => _active.Count > 0;

    /// <summary>How far genTime runs ahead with <see cref="DefectCatalogue.GenTimeSkewed"/>.</summary>
    public TimeSpan GenTimeSkew { get; }

    public bool Has(Defect defect) => _active.Contains(defect);

    /// <summary>For <see cref="DefectCatalogue.SerialRepeated"/>: the first serial issued since start, reused ever after.</summary>
    public BigInteger RepeatedSerial(BigInteger allocated)
    {
        lock (_active)
        {
            _firstSerial ??= allocated;
            return _firstSerial.Value;
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _tokens = new(StringComparer.Ordinal);

    /// <summary>For <see cref="DefectCatalogue.GenTimeJumpsBack"/>: true for every second token of an endpoint since start.</summary>
    public bool NextIsEven(string endpoint) => _tokens.AddOrUpdate(endpoint, 1, (_, n) => n + 1) % 2 == 0;

    /// <summary>One line for logs, /readyz and the evidence log.</summary>
    public string Describe() =>
        $"DEFECTS INJECTED, this TSA is deliberately NON-CONFORMANT (development mode, for testing the conformance suite): {string.Join(", ", List)}";
}

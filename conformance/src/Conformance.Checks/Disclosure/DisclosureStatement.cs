namespace Conformance.Checks.Disclosure;

/// <summary>
/// The machine-readable extract of a TSA disclosure statement (EN 319 421 §5.2 and §6.2, Annex B model): the policies
/// the TSA supports and, for each, the hash algorithms it accepts and the accuracy it promises. Read from the YAML file
/// a target file names under <c>disclosure:</c> (format: spec/examples/disclosure.example.yaml).
/// </summary>
public sealed record DisclosureStatement
{
    /// <summary>The file it was read from (or a description of where it came from), for findings.</summary>
    public required string Source { get; init; }

    public string? Tsa { get; init; }

    /// <summary>Where the human-readable statement is published (optional, shown in the report).</summary>
    public string? Document { get; init; }

    public required IReadOnlyList<DisclosedPolicy> Policies { get; init; }

    public DisclosedPolicy? Find(string policyOid) => Policies.FirstOrDefault(p => p.Oid == policyOid);

    public string Describe() =>
        string.Join("; ", Policies.Select(p => $"{p.Oid}: {string.Join(", ", p.Hashes.Select(h => h.Name))}, accuracy {p.Accuracy.TotalSeconds:0.######} s"));
}

/// <summary>One time-stamp policy as disclosed: its OID, accepted imprint hashes and accuracy against UTC.</summary>
public sealed record DisclosedPolicy(string Oid, string? Title, IReadOnlyList<ImprintAlgorithm> Hashes, TimeSpan Accuracy, int Line);

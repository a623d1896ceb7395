namespace Conformance.Checks.Evidence;

/// <summary>
/// Bounds on what a target's responses can make the suite store: a hostile or broken endpoint must not fill the disk
/// or make the report unrenderable (hundreds of certificates per token, tens of thousands of files). Each cap reached
/// is recorded with its name and value (<see cref="EvidenceStore.CapHits"/>) and becomes a problem of the run, so the
/// verdict says the evidence is incomplete.
/// </summary>
public sealed record EvidenceCaps
{
    public static readonly EvidenceCaps Default = new();

    /// <summary>Certificates stored per token (a TSU chain has a handful; the rest of a token's certificates are counted, not stored).</summary>
    public int MaxCertificatesPerToken { get; init; } = 32;

    /// <summary>Evidence files per run.</summary>
    public int MaxFiles { get; init; } = 50_000;

    /// <summary>Bytes of evidence per run.</summary>
    public long MaxBytes { get; init; } = 512L * 1024 * 1024;
}

using Conformance.Targets.Reference.Keys;

namespace Conformance.Targets.Reference;

/// <summary>
/// How <see cref="ReferenceTarget.StartAsync(ReferenceTargetSetup, CancellationToken)"/> builds the embedded reference
/// target. The defaults are the main job's (<c>run --target reference</c>): the process's SoftHSM2 keys when installed,
/// a throw-away data directory, no defect, white-box access declared.
/// </summary>
public sealed record ReferenceTargetSetup
{
    /// <summary>Where the TSU keys come from; null: <see cref="ReferenceKeyStore.ForProcess"/>.</summary>
    public ReferenceKeyStore? Keys { get; init; }

    /// <summary>
    /// An empty folder the caller owns and deletes; null: a temporary folder the target deletes when disposed.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// Defects (kebab-case names of <see cref="Defects.ReferenceDefects"/>) injected at start-up: the defect matrix.
    /// Null for a TSA without defect injection; an empty list for the matrix's baseline.
    /// </summary>
    public IReadOnlyList<string>? Defects { get; init; }

    /// <summary>
    /// Declares the white-box access of TSP-REF-*: the TSU keys over PKCS#11 (or the software-key notice) and operator
    /// control over throw-away instances. The defect matrix judges only what the TSA sends, so it leaves this off.
    /// </summary>
    public bool WhiteBox { get; init; } = true;
}

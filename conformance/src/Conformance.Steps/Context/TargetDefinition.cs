using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Transport;

namespace Conformance.Steps.Context;

/// <summary>
/// A time-stamping service to run against: its URLs, how to reach it, and what its operator declares about it (the
/// parameters scenarios compare against). One type from the command line or target file (the runner's
/// <c>TargetFileLoader</c>) through to the bindings, which see it as <see cref="ServiceUnderTest.Declarations"/>.
/// </summary>
public sealed record TargetDefinition
{
    /// <summary>No target: the declarations of an offline inspection start from this.</summary>
    public static readonly TargetDefinition None = new() { Name = "(no target)" };

    /// <summary>A label for reports: the target file's name field, or the URL.</summary>
    public required string Name { get; init; }

    public Uri? Url { get; init; }
    public Uri? QualifiedUrl { get; init; }
    public string? TsaName { get; init; }
    public IReadOnlyList<string> PolicyOids { get; init; } = [];
    public IReadOnlyList<string> QualifiedPolicyOids { get; init; } = [];

    /// <summary>Policies the run's profile names (policy_oids, e.g. BTSP under etsi): requested too, but refusing them is no finding.</summary>
    public IReadOnlyList<string> ProfilePolicyOids { get; init; } = [];
    public TimeSpan? Accuracy { get; init; }
    public IReadOnlyList<string> SupportedHashes { get; init; } = [];
    public X509Certificate2Collection TrustAnchors { get; init; } = [];
    public IReadOnlyList<string> TrustAnchorFiles { get; init; } = [];
    public TsaHttpOptions Http { get; init; } = new();

    /// <summary>PKCS#11 access to the TSU keys (hsm: in the target file) for TSP-REF-004; null without it.</summary>
    public Conformance.Checks.Hsm.HsmKeyAccess? Hsm { get; init; }

    /// <summary>The operator states that the TSU keys are software keys (e.g. the reference TSA without SoftHSM2): TSP-REF-004 fails.</summary>
    public string? SoftwareKeys { get; init; }

    /// <summary>Operator control of the TSA (only the reference target has it) for TSP-REF-001..007; null without it.</summary>
    public Conformance.Checks.Operator.ITsaOperatorControl? OperatorControl { get; init; }

    /// <summary>The disclosure statement extract (disclosure: FILE) for TSP-SVC-001; null when none is given.</summary>
    public Conformance.Checks.Disclosure.DisclosureStatement? Disclosure { get; init; }

    /// <summary>Revocation sources for TSP-CERT-010 (revocation: { crls: [...], ocsp: on|off }).</summary>
    public Conformance.Checks.Revocation.RevocationSettings Revocation { get; init; } = Conformance.Checks.Revocation.RevocationSettings.Default;

    /// <summary>Where the EU trusted lists for TSP-QTS-006 come from (trusted-lists:, lotl:, lotl-signers:; --trusted-list, --lotl, --lotl-signer).</summary>
    public Conformance.TrustedLists.Authenticity.TrustedListSources TrustedListSources { get; init; } = Conformance.TrustedLists.Authenticity.TrustedListSources.None;

    /// <summary>The lists read and checked from <see cref="TrustedListSources"/> (the CLI loads them once before the run); empty when none.</summary>
    public Conformance.TrustedLists.Authenticity.TrustedListSet TrustedLists { get; init; } = Conformance.TrustedLists.Authenticity.TrustedListSet.Empty;

    /// <summary>How the suite's clock is tied to UTC for the time checks (--ntp, --clock-uncertainty, clock: in the file).</summary>
    public Conformance.Checks.Time.ClockReferenceSettings Clock { get; init; } = Conformance.Checks.Time.ClockReferenceSettings.None;

    /// <summary>Tokens sampled for the time checks and over which period (--samples, --spread).</summary>
    public Conformance.Checks.Time.TimeSamplingPlan TimeSampling { get; init; } = new();

    /// <summary>Serial history folder for TSP-TST-004 across runs; null switches it off (the CLI defaults to SerialHistory.DefaultDirectory).</summary>
    public string? SerialHistoryDirectory { get; init; }

    /// <summary>The target file this came from, if any.</summary>
    public string? SourceFile { get; init; }

    /// <summary>A target given by URLs only (--url / --qualified-url).</summary>
    public static TargetDefinition FromUrls(Uri? url, Uri? qualifiedUrl, TsaHttpOptions? http = null) => new()
    {
        Name = (url ?? qualifiedUrl)?.ToString() ?? "(no URL)",
        Url = url,
        QualifiedUrl = qualifiedUrl,
        Http = http ?? new TsaHttpOptions(),
    };
}

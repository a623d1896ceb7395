using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Time;
using Conformance.Checks.Transport;

namespace Conformance.Steps.Context;

/// <summary>
/// What the scenarios run against: a live time-stamping service (online), or one stored token (offline inspection).
/// The host registers one instance in every scenario container; there is deliberately no public constructor, so a
/// host that forgets it gets a container error instead of an empty target.
/// </summary>
public sealed class ServiceUnderTest
{
    private ServiceUnderTest()
    {
    }

    public TsaClient? Client { get; private init; }
    public Uri? NonQualifiedUrl { get; private init; }
    public Uri? QualifiedUrl { get; private init; }
    public TargetDeclarations Declarations { get; private init; } = TargetDeclarations.None;
    public StoredToken? StoredToken { get; private init; }
    public CancellationToken CancellationToken { get; private init; }

    public bool IsOffline => StoredToken is not null;

    /// <summary>
    /// Every (TSU, serial number) the scenarios against this service have seen (TSP-TST-004 within a run). Held by the
    /// target, not by the process, so two runs in one process (tests, a restarted TSA) never compare with each other.
    /// </summary>
    public Conformance.Checks.Requirements.TstInfoRequirements.SerialRegistry Serials { get; } = new();

    public static ServiceUnderTest Online(TsaClient client, Uri? nonQualifiedUrl, Uri? qualifiedUrl, TargetDeclarations declarations, CancellationToken cancellationToken = default)
    {
        if (nonQualifiedUrl is null && qualifiedUrl is null)
        {
            throw new ArgumentException("An online target needs at least one URL.");
        }

        return new ServiceUnderTest
        {
            Client = client,
            NonQualifiedUrl = nonQualifiedUrl,
            QualifiedUrl = qualifiedUrl,
            Declarations = declarations,
            CancellationToken = cancellationToken,
        };
    }

    public static ServiceUnderTest Offline(StoredToken token, TargetDeclarations declarations) =>
        new() { StoredToken = token, Declarations = declarations };

    /// <summary>The URL generic scenarios use: the non-qualified service if declared, else the qualified one.</summary>
    public Uri DefaultUrl => NonQualifiedUrl ?? QualifiedUrl ?? throw new NotApplicableException(OfflineMessage);

    public TsaClient RequireClient() => Client ?? throw new NotApplicableException(OfflineMessage);

    public Uri RequireQualifiedUrl() =>
        IsOffline ? throw new NotApplicableException(OfflineMessage)
        : QualifiedUrl ?? throw new NotApplicableException("no qualified URL is declared for this target (--qualified-url or qualified-url in the target file)");

    private string OfflineMessage => $"needs a live time-stamping service; {StoredToken?.Path ?? "a stored token"} is being inspected offline";
}

/// <summary>What the operator declares about the service: the parameters scenarios compare against.</summary>
public sealed record TargetDeclarations
{
    public static readonly TargetDeclarations None = new();

    public string? TsaName { get; init; }
    public IReadOnlyList<string> PolicyOids { get; init; } = [];
    public IReadOnlyList<string> QualifiedPolicyOids { get; init; } = [];

    /// <summary>Policies the run's profile names (policy_oids, e.g. BTSP under etsi): requested too, but refusing them is no finding.</summary>
    public IReadOnlyList<string> ProfilePolicyOids { get; init; } = [];
    public TimeSpan? Accuracy { get; init; }
    public IReadOnlyList<string> SupportedHashes { get; init; } = [];
    public X509Certificate2Collection TrustAnchors { get; init; } = [];

    /// <summary>PKCS#11 access to the TSU keys (target file hsm:), for TSP-REF-004; null without it.</summary>
    public Conformance.Checks.Hsm.HsmKeyAccess? Hsm { get; init; }

    /// <summary>The operator states that the TSU keys are software keys (e.g. the reference TSA without SoftHSM2): TSP-REF-004 fails.</summary>
    public string? SoftwareKeys { get; init; }

    /// <summary>Operator control of the TSA for the white-box scenarios (TSP-REF-001..007); null without it.</summary>
    public Conformance.Checks.Operator.ITsaOperatorControl? OperatorControl { get; init; }

    /// <summary>How the suite's clock is tied to UTC for TSP-TIME-001 (--ntp, --clock-uncertainty, clock: in the target file).</summary>
    public ClockReferenceSettings Clock { get; init; } = ClockReferenceSettings.None;

    /// <summary>How many tokens the time checks sample and over which period (--samples, --spread).</summary>
    public TimeSamplingPlan TimeSampling { get; init; } = new();

    /// <summary>Folder of the serial history for TSP-TST-004 across runs (--history); null when it is switched off.</summary>
    public string? SerialHistoryDirectory { get; init; }

    /// <summary>The machine-readable disclosure statement (disclosure: in the target file) for TSP-SVC-001; null when none is given.</summary>
    public Conformance.Checks.Disclosure.DisclosureStatement? Disclosure { get; init; }

    /// <summary>The EU trusted lists supplied for TSP-QTS-006 (--trusted-list, --lotl, trusted-lists: in the target file); empty when none.</summary>
    public Conformance.TrustedLists.Authenticity.TrustedListSet TrustedLists { get; init; } = Conformance.TrustedLists.Authenticity.TrustedListSet.Empty;

    /// <summary>Where TSP-CERT-010 gets revocation information (revocation: in the target file).</summary>
    public Conformance.Checks.Revocation.RevocationSettings Revocation { get; init; } = Conformance.Checks.Revocation.RevocationSettings.Default;
}

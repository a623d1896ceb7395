using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
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
    /// <summary>The target and what its operator declares about it: the parameters scenarios compare against.</summary>
    public TargetDefinition Declarations { get; private init; } = TargetDefinition.None;
    public StoredToken? StoredToken { get; private init; }
    public CancellationToken CancellationToken { get; private init; }

    public bool IsOffline => StoredToken is not null;

    public static ServiceUnderTest Online(TsaClient client, Uri? nonQualifiedUrl, Uri? qualifiedUrl, TargetDefinition declarations, CancellationToken cancellationToken = default)
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

    public static ServiceUnderTest Offline(StoredToken token, TargetDefinition declarations) =>
        new() { StoredToken = token, Declarations = declarations };

    /// <summary>The URL generic scenarios use: the non-qualified service if declared, else the qualified one.</summary>
    public Uri DefaultUrl => NonQualifiedUrl ?? QualifiedUrl ?? throw new NotApplicableException(OfflineMessage);

    public TsaClient RequireClient() => Client ?? throw new NotApplicableException(OfflineMessage);

    public Uri RequireQualifiedUrl() =>
        IsOffline ? throw new NotApplicableException(OfflineMessage)
        : QualifiedUrl ?? throw new NotApplicableException("no qualified URL is declared for this target (--qualified-url or qualified-url in the target file)");

    private string OfflineMessage => $"needs a live time-stamping service; {StoredToken?.Path ?? "a stored token"} is being inspected offline";
}

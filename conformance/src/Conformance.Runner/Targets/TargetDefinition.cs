using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;

namespace Conformance.Runner.Targets;

/// <summary>
/// A time-stamping service to run against: its URLs, what its operator declares about it, and how to reach it.
/// Built from command-line options or from a target file (see <see cref="TargetFileLoader"/>).
/// </summary>
public sealed record TargetDefinition
{
    /// <summary>A label for reports: the target file's name field, or the URL.</summary>
    public required string Name { get; init; }

    public Uri? Url { get; init; }
    public Uri? QualifiedUrl { get; init; }
    public string? TsaName { get; init; }
    public IReadOnlyList<string> PolicyOids { get; init; } = [];
    public IReadOnlyList<string> QualifiedPolicyOids { get; init; } = [];
    public TimeSpan? Accuracy { get; init; }
    public IReadOnlyList<string> SupportedHashes { get; init; } = [];
    public X509Certificate2Collection TrustAnchors { get; init; } = [];
    public IReadOnlyList<string> TrustAnchorFiles { get; init; } = [];
    public TsaHttpOptions Http { get; init; } = new();

    /// <summary>The target file this came from, if any.</summary>
    public string? SourceFile { get; init; }

    public TargetDeclarations ToDeclarations() => new()
    {
        TsaName = TsaName,
        PolicyOids = PolicyOids,
        QualifiedPolicyOids = QualifiedPolicyOids,
        Accuracy = Accuracy,
        SupportedHashes = SupportedHashes,
        TrustAnchors = TrustAnchors,
    };

    /// <summary>A target given by URLs only (--url / --qualified-url).</summary>
    public static TargetDefinition FromUrls(Uri? url, Uri? qualifiedUrl, TsaHttpOptions? http = null) => new()
    {
        Name = (url ?? qualifiedUrl)?.ToString() ?? "(no URL)",
        Url = url,
        QualifiedUrl = qualifiedUrl,
        Http = http ?? new TsaHttpOptions(),
    };
}

using System.Security.Cryptography.X509Certificates;
using Conformance.Runner.Targets;
using ReferenceTsa.Hosting;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>--target reference</c>: the reference TSA with its embedded default (dev root CA, two TSUs) in a throw-away
/// data directory, on a free loopback port, for the duration of the run. The suite only talks HTTP to it.
/// </summary>
internal sealed class ReferenceTarget : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly EmbeddedTsa _tsa;

    private ReferenceTarget(string dataDirectory, EmbeddedTsa tsa, TargetDefinition target)
    {
        _dataDirectory = dataDirectory;
        _tsa = tsa;
        Target = target;
    }

    public TargetDefinition Target { get; }

    public static async Task<ReferenceTarget> StartAsync(CancellationToken cancellationToken)
    {
        string dataDirectory = Directory.CreateTempSubdirectory("tsa-conformance-reference-").FullName;
        EmbeddedTsa tsa = await EmbeddedTsa.StartAsync(dataDirectory, cancellationToken);
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(tsa.RootCaPemPath);
        var target = new TargetDefinition
        {
            Name = $"reference TSA (embedded default) at {tsa.BaseAddress}",
            Url = tsa.NonQualifiedUrl,
            QualifiedUrl = tsa.QualifiedUrl,
            TsaName = "reference-tsa",
            PolicyOids = tsa.PolicyOids,
            Accuracy = TimeSpan.FromSeconds(1),
            SupportedHashes = ["SHA-256", "SHA-384", "SHA-512"],
            TrustAnchors = anchors,
            TrustAnchorFiles = [tsa.RootCaPemPath],
        };
        return new ReferenceTarget(dataDirectory, tsa, target);
    }

    public async ValueTask DisposeAsync()
    {
        await _tsa.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

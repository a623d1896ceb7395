using System.Security.Cryptography.X509Certificates;
using Conformance.Steps.Context;
using ReferenceTsa.Hosting;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>--target reference</c>: the reference TSA with its embedded default (dev root CA, two TSUs) in a throw-away
/// data directory, on a free loopback port, for the duration of the run. The suite only talks HTTP to it.
/// </summary>
public sealed class ReferenceTarget : IAsyncDisposable
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

    /// <summary>Set when the TSU keys are software keys (no SoftHSM2): say it loudly, TSP-REF-004 fails.</summary>
    public string? Warning { get; private init; }

    /// <param name="softwareKeys">Software TSU keys even when SoftHSM2 is installed (tests of TSP-REF-004's failure).</param>
    public static async Task<ReferenceTarget> StartAsync(CancellationToken cancellationToken, bool softwareKeys = false)
    {
        string dataDirectory = Directory.CreateTempSubdirectory("tsa-conformance-reference-").FullName;
        // TSU keys on a SoftHSM2 token shared by the process when it is installed (issue #5 item 5), software keys otherwise.
        ReferenceKeyStore keys = softwareKeys ? ReferenceKeyStore.Software : ReferenceKeyStore.ForProcess();
        keys.PrepareDataDirectory(dataDirectory);
        EmbeddedTsa tsa = await EmbeddedTsa.StartAsync(dataDirectory, cancellationToken);
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(tsa.RootCaPemPath);
        // Every scenario runs over HTTPS when the TSA serves it (CIR (EU) 2025/1929 Annex point 2(9)); the dev root CA is
        // trusted for the server certificate in this run only. Plain HTTP stays open at tsa.BaseAddress for manual use.
        var tlsAnchors = new X509Certificate2Collection();
        tlsAnchors.ImportFromPemFile(tsa.RootCaPemPath);
        var target = new TargetDefinition
        {
            Name = $"reference TSA (embedded default) at {tsa.HttpsBaseAddress ?? tsa.BaseAddress}",
            Url = tsa.HttpsNonQualifiedUrl ?? tsa.NonQualifiedUrl,
            QualifiedUrl = tsa.HttpsQualifiedUrl ?? tsa.QualifiedUrl,
            Http = new Conformance.Checks.Transport.TsaHttpOptions { ServerTrustAnchors = tlsAnchors },
            // The reference TSA's own disclosure extract (generated from its configuration) and the dev CA's CRL: the
            // CRL distribution point of the dev certificates (reference-tsa.invalid) cannot be fetched.
            Disclosure = Conformance.Checks.Disclosure.DisclosureStatementReader.Load(tsa.DisclosureStatementPath),
            Revocation = new Conformance.Checks.Revocation.RevocationSettings { CrlFiles = [tsa.RootCaCrlPath] },
            TsaName = "reference-tsa",
            PolicyOids = tsa.PolicyOids,
            Accuracy = TimeSpan.FromSeconds(1),
            SupportedHashes = ["SHA-256", "SHA-384", "SHA-512"],
            TrustAnchors = anchors,
            TrustAnchorFiles = [tsa.RootCaPemPath],
            // White-box access (TSP-REF-*): the TSU keys over PKCS#11, and throw-away instances under the suite's control.
            Hsm = ReferenceKeyStore.AccessFor(dataDirectory),
            SoftwareKeys = keys.InHsm ? null : $"the reference TSA's TSU keys are PKCS#8 files in {dataDirectory} ({keys.Warning})",
            OperatorControl = new ReferenceOperatorControl(dataDirectory),
            // The TSA reads this machine's clock, the one the send and receive instants come from: ε = 0, said as such.
            Clock = Conformance.Checks.Time.ClockReferenceSettings.SameHostAsTsa,
            // TSP-QTS-006: the TSA's development trusted list, its list of lists and the LOTL certificate pinned for this run.
            TrustedListSources = DevelopmentTrustedLists(tsa),
        };
        return new ReferenceTarget(dataDirectory, tsa, target) { Warning = keys.Warning };
    }

    /// <summary>The development trusted list the reference TSA writes at start, with its list of lists and pinned LOTL signer.</summary>
    public static Conformance.TrustedLists.Authenticity.TrustedListSources DevelopmentTrustedLists(EmbeddedTsa tsa) => new()
    {
        Lists = [tsa.TrustedListPath],
        ListOfLists = tsa.ListOfListsPath,
        ListOfListsSigners = [tsa.ListOfListsSignerPath],
    };

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

using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Disclosure;
using Conformance.Checks.Revocation;
using Conformance.Checks.Time;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;
using Conformance.Targets.Reference.Keys;
using Conformance.Targets.Reference.Operator;
using Conformance.TrustedLists.Authenticity;
using ReferenceTsa.Hosting;

namespace Conformance.Targets.Reference;

/// <summary>
/// The reference TSA as a conformance target, the one factory behind <c>--target reference</c>, the suite tests and the
/// defect matrix: its embedded default (dev root CA, two TSUs) in a data directory, started in this process on free
/// loopback ports (HTTP and HTTPS), and declared as a <see cref="TargetDefinition"/> the runner judges over HTTP only.
/// </summary>
public sealed class ReferenceTarget : IAsyncDisposable
{
    private readonly EmbeddedTsa _tsa;
    private readonly bool _ownsDataDirectory;

    private ReferenceTarget(EmbeddedTsa tsa, ReferenceKeyStore keys, string dataDirectory, bool ownsDataDirectory, TargetDefinition target)
    {
        _tsa = tsa;
        Keys = keys;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        Target = target;
    }

    public TargetDefinition Target { get; }

    /// <summary>Where the TSU keys are (the process's SoftHSM2 token, or software keys).</summary>
    public ReferenceKeyStore Keys { get; }

    /// <summary>Set when the TSU keys are software keys (no SoftHSM2): say it loudly, TSP-REF-004 fails.</summary>
    public string? Warning => Keys.Warning;

    /// <summary>The TSA's data directory (tsa.json, certificates, evidence log).</summary>
    public string DataDirectory { get; }

    /// <summary>The dev root CA (PEM): the trust anchor of the TSU certificates and of the HTTPS server certificate.</summary>
    public string RootCaPemPath => _tsa.RootCaPemPath;

    /// <param name="softwareKeys">Software TSU keys even when SoftHSM2 is installed (tests of TSP-REF-004's failure).</param>
    public static Task<ReferenceTarget> StartAsync(CancellationToken cancellationToken, bool softwareKeys = false) =>
        StartAsync(new ReferenceTargetSetup { Keys = softwareKeys ? ReferenceKeyStore.Software : null }, cancellationToken);

    public static async Task<ReferenceTarget> StartAsync(ReferenceTargetSetup setup, CancellationToken cancellationToken)
    {
        bool owns = setup.DataDirectory is null;
        string dataDirectory = setup.DataDirectory is { } given
            ? Directory.CreateDirectory(given).FullName
            : Directory.CreateTempSubdirectory("tsa-conformance-reference-").FullName;
        try
        {
            // TSU keys on a SoftHSM2 token shared by the process when it is installed, software keys otherwise.
            ReferenceKeyStore keys = setup.Keys ?? ReferenceKeyStore.ForProcess();
            keys.PrepareDataDirectory(dataDirectory);
            IReadOnlyList<string>? defects = setup.Defects;
            EmbeddedTsa tsa = await EmbeddedTsa.StartAsync(dataDirectory, new ReferenceTsa.Configuration.EmbeddedDefault.Options(),
                defects is { Count: > 0 } ? options => options.Defects = [.. defects] : null, cancellationToken);
            TargetDefinition target = Declare(tsa, defects);
            if (setup.WhiteBox)
            {
                target = target with
                {
                    // White-box access (TSP-REF-*): the TSU keys over PKCS#11, and throw-away instances under the suite's control.
                    Hsm = ReferenceKeyStore.AccessFor(dataDirectory),
                    SoftwareKeys = keys.InHsm ? null : $"the reference TSA's TSU keys are PKCS#8 files in {dataDirectory} ({keys.Warning})",
                    OperatorControl = new ReferenceOperatorControl(dataDirectory),
                };
            }

            return new ReferenceTarget(tsa, keys, dataDirectory, owns, target);
        }
        catch
        {
            if (owns)
            {
                TryDelete(dataDirectory);
            }

            throw;
        }
    }

    /// <summary>What the run is told about the embedded TSA: its URLs, declarations, trust anchors and published documents.</summary>
    private static TargetDefinition Declare(EmbeddedTsa tsa, IReadOnlyList<string>? defects)
    {
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(tsa.RootCaPemPath);
        // Every scenario runs over HTTPS when the TSA serves it (CIR (EU) 2025/1929 Annex point 2(9)); the dev root CA is
        // trusted for the server certificate in this run only. Plain HTTP stays open at tsa.BaseAddress for manual use.
        var tlsAnchors = new X509Certificate2Collection();
        tlsAnchors.ImportFromPemFile(tsa.RootCaPemPath);
        Uri address = tsa.HttpsBaseAddress ?? tsa.BaseAddress;
        return new TargetDefinition
        {
            Name = defects is null ? $"reference TSA (embedded default) at {address}" : $"reference TSA with defects [{string.Join(", ", defects)}] at {address}",
            Url = tsa.HttpsNonQualifiedUrl ?? tsa.NonQualifiedUrl,
            QualifiedUrl = tsa.HttpsQualifiedUrl ?? tsa.QualifiedUrl,
            Http = new TsaHttpOptions { ServerTrustAnchors = tlsAnchors },
            // The reference TSA's own disclosure extract (generated from its configuration) and the dev CA's CRL: the
            // CRL distribution point of the dev certificates (reference-tsa.invalid) cannot be fetched.
            Disclosure = DisclosureStatementReader.Load(tsa.DisclosureStatementPath),
            Revocation = new RevocationSettings { CrlFiles = [tsa.RootCaCrlPath] },
            TsaName = "reference-tsa",
            PolicyOids = tsa.PolicyOids,
            Accuracy = TimeSpan.FromSeconds(1),
            SupportedHashes = ["SHA-256", "SHA-384", "SHA-512"],
            TrustAnchors = anchors,
            TrustAnchorFiles = [tsa.RootCaPemPath],
            // The TSA reads this machine's clock, the one the send and receive instants come from: ε = 0, said as such.
            Clock = ClockReferenceSettings.SameHostAsTsa,
            // TSP-QTS-006: the development trusted list as the TSA wrote it at this start (its trusted-list defects
            // applied), its list of lists and the LOTL certificate pinned for this run. Loaded by the caller (the CLI
            // merges them with --trusted-list options; WithTrustedListsLoaded otherwise).
            TrustedListSources = new TrustedListSources
            {
                Lists = [tsa.TrustedListPath],
                ListOfLists = tsa.ListOfListsPath,
                ListOfListsSigners = [tsa.ListOfListsSignerPath],
            },
        };
    }

    /// <summary>The target with its development trusted lists read and checked now (callers without the CLI's loading step).</summary>
    public TargetDefinition WithTrustedListsLoaded() => Target with { TrustedLists = Target.TrustedListSources.Load() };

    public async ValueTask DisposeAsync()
    {
        await _tsa.DisposeAsync();
        if (_ownsDataDirectory)
        {
            TryDelete(DataDirectory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

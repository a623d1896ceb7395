using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Evidence;
using Conformance.Checks.Transport;
using Conformance.Runner.Host;
using Conformance.Steps.Context;
using ReferenceTsa.Hosting;

[assembly: AssemblyFixture(typeof(Conformance.Suite.Tests.ReferenceTsaTarget))]

namespace Conformance.Suite.Tests;

/// <summary>
/// Once per test assembly: starts the reference TSA with its embedded default on a free loopback port, and the
/// Reqnroll test run. Every scenario test runs against this one target.
/// </summary>
public sealed class ReferenceTsaTarget : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("tsa-conformance-suite-").FullName;
    private EmbeddedTsa? _tsa;
    private TsaHttpClient? _http;
    private TsaHttpClient? _externalHttp;

    public ReqnrollHost Host { get; private set; } = null!;

    /// <summary>The HTTP client of the run: HTTPS with the dev root CA trusted for the server certificate.</summary>
    public TsaHttpClient Http => _http ?? throw new InvalidOperationException("the target is not started");
    public ServiceUnderTest Service { get; private set; } = null!;

    /// <summary>
    /// What ScenarioTests run against: the TSA named by TSA_CONFORMANCE_TARGET (see <see cref="ExternalTarget"/>) when
    /// set, else the embedded reference TSA (<see cref="Service"/>).
    /// </summary>
    public ServiceUnderTest ScenarioService { get; private set; } = null!;

    /// <summary>Null when the scenarios run against the embedded reference TSA.</summary>
    public string? ExternalTargetName { get; private set; }
    public EvidenceStore Evidence { get; private set; } = null!;

    /// <summary>Where the TSU keys are (the process's SoftHSM2 token, or software keys without SoftHSM2).</summary>
    public Conformance.Cli.Commands.ReferenceKeyStore Keys { get; private set; } = null!;

    /// <summary>The reference TSA's dev root CA (PEM): the trust anchor of its TSU certificates.</summary>
    public string RootCaPemPath => _tsa?.RootCaPemPath ?? throw new InvalidOperationException("the target is not started");

    /// <summary>The reference TSA's data directory (tsa.json, certificates, evidence log).</summary>
    public string DataDirectory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("REQNROLL_TELEMETRY_ENABLED", "0");
        // TSU keys on the process's SoftHSM2 token, as `run --target reference` has them (white-box TSP-REF-* scenarios).
        DataDirectory = Directory.CreateDirectory(Path.Combine(_root, "tsa-data")).FullName;
        Keys = Conformance.Cli.Commands.ReferenceKeyStore.ForProcess();
        Keys.PrepareDataDirectory(DataDirectory);
        _tsa = await EmbeddedTsa.StartAsync(DataDirectory);
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(_tsa.RootCaPemPath);
        var declarations = new TargetDefinition
        {
            Name = "reference-tsa (embedded default)",
            TsaName = "reference-tsa (embedded default)",
            PolicyOids = _tsa.PolicyOids,
            Accuracy = TimeSpan.FromSeconds(1),
            SupportedHashes = ["SHA-256", "SHA-384", "SHA-512"],
            TrustAnchors = anchors,
            Hsm = Conformance.Cli.Commands.ReferenceKeyStore.AccessFor(DataDirectory),
            SoftwareKeys = Keys.InHsm ? null : Keys.Warning,
            OperatorControl = new Conformance.Cli.Commands.ReferenceOperatorControl(DataDirectory),
            // The embedded TSA reads this machine's clock: the time checks' ε is 0 ("same host clock as the TSA").
            Clock = Conformance.Checks.Time.ClockReferenceSettings.SameHostAsTsa,
            SerialHistoryDirectory = Path.Combine(_root, "serial-history"),
            // As `run --target reference`: the TSA's generated disclosure extract and the dev CA's CRL file.
            Disclosure = Conformance.Checks.Disclosure.DisclosureStatementReader.Load(_tsa.DisclosureStatementPath),
            Revocation = new Conformance.Checks.Revocation.RevocationSettings { CrlFiles = [_tsa.RootCaCrlPath] },
            // As `run --target reference`: the TSA's development trusted list, its LOTL and the pinned LOTL signer (TSP-QTS-006).
            TrustedLists = Conformance.Cli.Commands.ReferenceTarget.DevelopmentTrustedLists(_tsa).Load(),
        };
        // Over HTTPS, the dev root CA trusted for the server certificate, as `run --target reference` does.
        var tlsAnchors = new X509Certificate2Collection();
        tlsAnchors.ImportFromPemFile(_tsa.RootCaPemPath);
        _http = new TsaHttpClient(new TsaHttpOptions { RequestTimeout = TimeSpan.FromSeconds(20), ServerTrustAnchors = tlsAnchors });
        Service = ServiceUnderTest.Online(new TsaClient(_http), _tsa.HttpsNonQualifiedUrl ?? _tsa.NonQualifiedUrl, _tsa.HttpsQualifiedUrl ?? _tsa.QualifiedUrl, declarations);
        ScenarioService = Service;
        if (ExternalTarget.FromEnvironment(Environment.GetEnvironmentVariable) is { } external)
        {
            _externalHttp = new TsaHttpClient(external.Http);
            ScenarioService = ServiceUnderTest.Online(new TsaClient(_externalHttp), external.Url, external.QualifiedUrl, external);
            ExternalTargetName = external.Name;
        }

        Evidence = new EvidenceStore(Path.Combine(_root, "evidence"));
        Host = await ReqnrollHost.GetAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await ReqnrollHost.ShutdownAsync();
        _http?.Dispose();
        _externalHttp?.Dispose();
        if (_tsa is not null)
        {
            await _tsa.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

using Conformance.Checks.Evidence;
using Conformance.Checks.Transport;
using Conformance.Runner.Host;
using Conformance.Steps.Context;
using Conformance.Targets.Reference;
using Conformance.Targets.Reference.Keys;

[assembly: AssemblyFixture(typeof(Conformance.Suite.Tests.ReferenceTsaTarget))]

namespace Conformance.Suite.Tests;

/// <summary>
/// Once per test assembly: starts the reference TSA with its embedded default on a free loopback port (the adapter's
/// <see cref="ReferenceTarget"/>, as `run --target reference` does), and the Reqnroll test run. Every scenario test runs
/// against this one target.
/// </summary>
public sealed class ReferenceTsaTarget : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("tsa-conformance-suite-").FullName;
    private ReferenceTarget? _reference;
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
    public ReferenceKeyStore Keys => Started.Keys;

    /// <summary>The reference TSA's dev root CA (PEM): the trust anchor of its TSU certificates.</summary>
    public string RootCaPemPath => Started.RootCaPemPath;

    /// <summary>The reference TSA's data directory (tsa.json, certificates, evidence log).</summary>
    public string DataDirectory => Started.DataDirectory;

    private ReferenceTarget Started => _reference ?? throw new InvalidOperationException("the target is not started");

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("REQNROLL_TELEMETRY_ENABLED", "0");
        // TSU keys on the process's SoftHSM2 token, as `run --target reference` has them (white-box TSP-REF-* scenarios).
        _reference = await ReferenceTarget.StartAsync(new ReferenceTargetSetup { DataDirectory = Path.Combine(_root, "tsa-data") }, CancellationToken.None);
        TargetDefinition target = _reference.WithTrustedListsLoaded();
        TargetDefinition declarations = target with
        {
            TsaName = "reference-tsa (embedded default)",
            SerialHistoryDirectory = Path.Combine(_root, "serial-history"),
        };
        _http = new TsaHttpClient(target.Http with { RequestTimeout = TimeSpan.FromSeconds(20) });
        Service = ServiceUnderTest.Online(new TsaClient(_http), target.Url, target.QualifiedUrl, declarations);
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
        if (_reference is not null)
        {
            await _reference.DisposeAsync();
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

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ReferenceTsa.Configuration;

namespace ReferenceTsa.Hosting;

/// <summary>
/// The reference TSA with its embedded default, running in-process on a free loopback port: the target of
/// `tsa-conformance run --target reference` and of tests.
/// </summary>
public sealed class EmbeddedTsa : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeStampingService _service;

    private EmbeddedTsa(WebApplication app, TimeStampingService service, string dataDirectory)
    {
        _app = app;
        _service = service;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        BaseAddress = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) is { } plain ? Slash(plain) : TsaHost.BoundAddress(app);
        HttpsBaseAddress = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.Ordinal)) is { } secure ? Slash(secure) : null;
        DataDirectory = dataDirectory;
        RootCaPemPath = Path.Combine(dataDirectory, EmbeddedDefault.RootCaFileName);
        RootCaCrlPath = Path.Combine(dataDirectory, EmbeddedDefault.RootCaCrlFileName);
        var nonQualified = service.Endpoints.First(e => !e.Qualified);
        var qualified = service.Endpoints.First(e => e.Qualified);
        NonQualifiedUrl = new Uri(BaseAddress, nonQualified.Path.TrimStart('/'));
        QualifiedUrl = new Uri(BaseAddress, qualified.Path.TrimStart('/'));
        if (HttpsBaseAddress is not null)
        {
            HttpsNonQualifiedUrl = new Uri(HttpsBaseAddress, nonQualified.Path.TrimStart('/'));
            HttpsQualifiedUrl = new Uri(HttpsBaseAddress, qualified.Path.TrimStart('/'));
        }

        PolicyOids = [.. service.Endpoints.SelectMany(e => e.AcceptedPolicyOids).Distinct()];
        DisclosureStatementPath = Path.Combine(dataDirectory, DisclosureStatementFileName);
        File.WriteAllText(DisclosureStatementPath, EmbeddedDisclosureStatement.Render(service));
        // The development trusted list naming the qualified TSU as it runs now (its trusted-list defects applied).
        TrustedList.DevTrustedList.Write(dataDirectory, qualified.Tsu.Certificate, service.Defects, DateTimeOffset.UtcNow);
        TrustedListPath = Path.Combine(dataDirectory, TrustedList.DevTrustedList.ListFileName);
        ListOfListsPath = Path.Combine(dataDirectory, TrustedList.DevTrustedList.ListOfListsFileName);
        ListOfListsSignerPath = Path.Combine(dataDirectory, TrustedList.DevTrustedList.ListOfListsSignerFileName);
    }

    /// <summary>The development trusted list for the qualified TSU's country, rewritten at each start (see TrustedList/DevTrustedList).</summary>
    public string TrustedListPath { get; }

    /// <summary>The development list of lists announcing the development trusted list's signer.</summary>
    public string ListOfListsPath { get; }

    /// <summary>The development LOTL signing certificate, to be pinned as the Official Journal's would be.</summary>
    public string ListOfListsSignerPath { get; }

    private static Uri Slash(string address) => new(address.EndsWith('/') ? address : address + "/");

    public const string DisclosureStatementFileName = "disclosure.yaml";

    /// <summary>The HTTPS base address (the same endpoints as <see cref="BaseAddress"/>), or null without a TLS certificate.</summary>
    public Uri? HttpsBaseAddress { get; }

    public Uri? HttpsNonQualifiedUrl { get; }

    public Uri? HttpsQualifiedUrl { get; }

    /// <summary>The dev CA's CRL (empty): the revocation source for the TSU certificates, whose distribution point is not published.</summary>
    public string RootCaCrlPath { get; }

    /// <summary>The machine-readable disclosure statement of this TSA (policies, hashes, accuracy per endpoint), written at start.</summary>
    public string DisclosureStatementPath { get; }

    public Uri BaseAddress { get; }

    public Uri NonQualifiedUrl { get; }

    public Uri QualifiedUrl { get; }

    public string RootCaPemPath { get; }

    public string DataDirectory { get; }

    /// <summary>Declared policy OIDs: each endpoint's own policy, and BTSP 0.4.0.2023.1.1 accepted as reqPolicy.</summary>
    public IReadOnlyList<string> PolicyOids { get; }

    public static Task<EmbeddedTsa> StartAsync(string dataDirectory, CancellationToken cancellationToken = default) =>
        StartAsync(dataDirectory, new EmbeddedDefault.Options(), configure: null, cancellationToken);

    /// <summary>
    /// Runs `dev init` in <paramref name="dataDirectory"/> when it holds no tsa.json, applies
    /// <paramref name="configure"/> to the loaded options, and starts on 127.0.0.1 with a free port.
    /// </summary>
    public static async Task<EmbeddedTsa> StartAsync(string dataDirectory, EmbeddedDefault.Options devOptions,
        Action<TsaOptions>? configure, CancellationToken cancellationToken = default)
    {
        dataDirectory = Path.GetFullPath(dataDirectory);
        if (!EmbeddedDefault.IsInitialized(dataDirectory))
        {
            EmbeddedDefault.Initialize(dataDirectory, devOptions);
        }

        string configPath = Path.Combine(dataDirectory, EmbeddedDefault.ConfigurationFileName);
        var options = TsaConfigurationFile.Read(configPath);
        // HTTPS beside HTTP (EN 319 422 §7; mandatory for qualified services under CIR (EU) 2025/1929 Annex point
        // 2(9)), with the loopback server certificate of the dev root CA.
        options.Tls ??= EmbeddedDefault.EnsureTlsCertificate(dataDirectory);
        configure?.Invoke(options);
        var service = TimeStampingServiceLoader.Load(options, dataDirectory, DateTimeOffset.UtcNow, configPath);
        try
        {
            // Plain HTTP first, then HTTPS, both on free loopback ports.
            string[] urls = service.Tls is null ? ["http://127.0.0.1:0"] : ["http://127.0.0.1:0", "https://127.0.0.1:0"];
            var app = TsaHost.Build(service, urls, quiet: true);
            await app.StartAsync(cancellationToken);
            return new EmbeddedTsa(app, service, dataDirectory);
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _service.Dispose();
    }
}

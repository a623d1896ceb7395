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
        BaseAddress = TsaHost.BoundAddress(app);
        DataDirectory = dataDirectory;
        RootCaPemPath = Path.Combine(dataDirectory, EmbeddedDefault.RootCaFileName);
        var nonQualified = service.Endpoints.First(e => !e.Qualified);
        var qualified = service.Endpoints.First(e => e.Qualified);
        NonQualifiedUrl = new Uri(BaseAddress, nonQualified.Path.TrimStart('/'));
        QualifiedUrl = new Uri(BaseAddress, qualified.Path.TrimStart('/'));
        PolicyOids = [.. service.Endpoints.SelectMany(e => e.AcceptedPolicyOids).Distinct()];
    }

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
        configure?.Invoke(options);
        var service = TimeStampingServiceLoader.Load(options, dataDirectory, DateTimeOffset.UtcNow, configPath);
        try
        {
            var app = TsaHost.Build(service, ["http://127.0.0.1:0"], quiet: true);
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

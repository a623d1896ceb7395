using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;

namespace ReferenceTsa.Tests.Support;

/// <summary>
/// The embedded default (`dev init` in a fresh temporary folder) served in-process on a free loopback port, with every
/// log entry the host writes captured in <see cref="Log"/>: for tests that judge what goes over the wire and what an
/// operator would read. Disposing stops the host and deletes the folder.
/// </summary>
public sealed class LoggedEmbeddedTsa : IAsyncDisposable
{
    private LoggedEmbeddedTsa(string directory, TimeStampingService service, WebApplication app, CapturedLog log)
    {
        Directory = directory;
        Service = service;
        App = app;
        Log = log;
    }

    /// <summary>The data directory, with the dev CA, the TLS certificate and the configuration `dev init` wrote.</summary>
    public string Directory { get; }

    public TimeStampingService Service { get; }

    public WebApplication App { get; }

    public CapturedLog Log { get; }

    public Uri BaseAddress => TsaHost.BoundAddress(App);

    /// <param name="prefix">The temporary folder's name prefix, naming the test.</param>
    public static async Task<LoggedEmbeddedTsa> StartAsync(string prefix, CancellationToken cancellationToken)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;
        EmbeddedDefault.Initialize(directory, new EmbeddedDefault.Options());
        string config = Path.Combine(directory, EmbeddedDefault.ConfigurationFileName);
        var service = TimeStampingServiceLoader.Load(TsaConfigurationFile.Read(config), directory, DateTimeOffset.UtcNow, config);
        var app = TsaHost.Build(service, ["http://127.0.0.1:0"], quiet: true);
        var log = new CapturedLog();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
        await app.StartAsync(cancellationToken);
        return new LoggedEmbeddedTsa(directory, service, app, log);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Service.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ReferenceTsa.Configuration;
using ReferenceTsa.Http;
using ReferenceTsa.Issuance;
using ReferenceTsa.Serials;
using ReferenceTsa.Signing;
using ReferenceTsa.Signing.Pkcs11;

namespace ReferenceTsa.Hosting;

/// <summary>Builds the ASP.NET Core application around a loaded <see cref="TimeStampingService"/>.</summary>
public static class TsaHost
{
    public const string DefaultUrl = "http://127.0.0.1:8318";
    public const string StateDatabaseFileName = "state.sqlite";

    public static WebApplication Build(TimeStampingService service, IReadOnlyList<string> urls, bool quiet = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        if (!quiet)
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        }

        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

        Directory.CreateDirectory(service.DataDirectory);
        var allocator = new SqliteSerialNumberAllocator(Path.Combine(service.DataDirectory, StateDatabaseFileName));
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ISerialNumberAllocator>(allocator);
        builder.Services.AddSingleton<TimeStampIssuer>();

        var app = builder.Build();
        app.MapTimeStampEndpoints(service);
        app.MapHealthEndpoints(service, TimeProvider.System);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ReferenceTsa");
        foreach (var endpoint in service.Endpoints)
        {
            logger.LogInformation("Endpoint {Path}: {Kind} tokens under policy {Policy} from TSU {Tsu} ({Subject}), accuracy {Accuracy}",
                endpoint.Path, endpoint.Qualified ? "qualified" : "non-qualified", endpoint.DefaultPolicyOid, endpoint.Tsu.Name,
                endpoint.Tsu.Certificate.Subject, endpoint.Accuracy);
        }

        foreach (var tsu in service.Tsus.Where(t => t.SigningKey.Protection == KeyProtection.Software))
        {
            logger.LogWarning("TSU {Tsu} signs with a {Key}: NOT HSM-protected, non-conformant with EN 319 421 TIS-7.6.2 (development only)",
                tsu.Name, tsu.SigningKey.Description);
        }

        foreach (var tsu in service.Tsus)
        {
            if (tsu.SigningKey is Pkcs11SigningKey hsmKey)
            {
                logger.LogInformation("TSU {Tsu} signs with {Key}: sensitive, never extractable, {PoolSize} sessions",
                    tsu.Name, hsmKey.Description, hsmKey.Token.PoolSize);
                string tsuName = tsu.Name;
                hsmKey.Token.StateChanged += (healthy, reason) =>
                {
                    if (healthy)
                    {
                        logger.LogWarning("TSU {Tsu}: HSM recovered: {Reason}", tsuName, reason);
                    }
                    else
                    {
                        logger.LogError("TSU {Tsu}: HSM fault, requests get systemFailure until it recovers: {Reason}", tsuName, reason);
                    }
                };
            }
        }

        logger.LogInformation("State (serial numbers) in {Path}", Path.Combine(service.DataDirectory, StateDatabaseFileName));
        return app;
    }

    /// <summary>The base address Kestrel bound, after start (resolves port 0).</summary>
    public static Uri BoundAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        string address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("the server has no address");
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}

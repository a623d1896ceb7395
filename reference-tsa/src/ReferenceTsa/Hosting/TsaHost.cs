using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ReferenceTsa.Clock;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Http;
using ReferenceTsa.Observability;
using ReferenceTsa.Issuance;
using ReferenceTsa.Serials;
using ReferenceTsa.Signing;
using ReferenceTsa.Signing.Pkcs11;
using ReferenceTsa.Tls;

namespace ReferenceTsa.Hosting;

/// <summary>Builds the ASP.NET Core application around a loaded <see cref="TimeStampingService"/>.</summary>
public static class TsaHost
{
    public const string DefaultUrl = "http://127.0.0.1:8318";
    public const string StateDatabaseFileName = SerialNumberStore.StateDatabaseFileName;

    public static WebApplication Build(TimeStampingService service, IReadOnlyList<string> urls, bool quiet = false)
    {
        var listen = ListenAddresses.Parse(urls, service.Tls is not null);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        ConfigureLogging(builder.Logging, service, quiet);
        ReloadingServerCertificate? tlsCertificate = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            ListenAddresses.Apply(k, listen, () => tlsCertificate);
        });

        Directory.CreateDirectory(service.DataDirectory);
        StartupRefusal.Check(Path.Combine(service.DataDirectory, StateDatabaseFileName), service.EvidenceLog, service.DataDirectory);
        var allocator = SerialNumberStore.Open(service);
        var evidence = service.EvidenceLog.Open(service.DataDirectory);
        var gate = AddServices(builder.Services, service, allocator, evidence);

        var app = builder.Build();
        if (service.Tls is not null && listen.Any(u => u.Scheme == Uri.UriSchemeHttps))
        {
            tlsCertificate = new ReloadingServerCertificate(service.Tls.Files,
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ReferenceTsa.Tls"), TimeProvider.System);
            app.Lifetime.ApplicationStopped.Register(tlsCertificate.Dispose);
        }

        app.MapTimeStampEndpoints(service);
        app.MapHealthEndpoints(service, TimeProvider.System);
        app.MapGet("/metrics", (TsaMetrics metrics, IClockStateSource clock) =>
            Results.Text(metrics.Render(service, clock, evidence) + Defects.DefectAnnouncement.Metrics(service.Defects), "text/plain; version=0.0.4; charset=utf-8"));

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ReferenceTsa");
        if (service.EvidenceLog.CheckpointExportFile is not null || service.EvidenceLog.CheckpointExportStdout)
        {
            evidence.Committed += new CheckpointExporter(service.EvidenceLog.CheckpointExportFile, service.EvidenceLog.CheckpointExportStdout,
                evidence.Location, logger).OnCommitted;
        }

        Defects.DefectAnnouncement.Log(service.Defects, logger);
        RecordLifecycle(app, service, evidence, gate, logger);
        LogServedSetup(service, allocator, logger);
        if (allocator is IDisposable disposable)
        {
            app.Lifetime.ApplicationStopped.Register(disposable.Dispose);
        }

        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, TimeStampingService service, bool quiet)
    {
        logging.ClearProviders();
        if (!quiet)
        {
            ConsoleLogging.Add(logging, service.Logging);
        }

        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
    }

    /// <summary>Registers the issuance services and the background ones (clock monitor, checkpoints, TSU lifecycle); returns the clock gate when the clock is monitored.</summary>
    private static ClockGate? AddServices(IServiceCollection services, TimeStampingService service, ISerialNumberAllocator allocator, IEvidenceLog evidence)
    {
        services.AddSingleton(service);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISerialNumberAllocator>(allocator);
        services.AddSingleton<StartRecord>();
        services.AddSingleton(evidence);
        services.AddSingleton<TsaMetrics>();
        ClockGate? gate = null;
        if (service.Clock.Monitored)
        {
            gate = service.Clock.CreateGate();
            services.AddSingleton<IClockStateSource>(gate);
            services.AddSingleton(sp => new TimeSourceMonitor(service.Clock.Sources, gate, TimeProvider.System,
                service.Clock.PollInterval, service.Clock.QueryTimeout, sp.GetRequiredService<ILogger<TimeSourceMonitor>>()));
            services.AddHostedService(sp => sp.GetRequiredService<TimeSourceMonitor>());
        }
        else
        {
            services.AddSingleton<IClockStateSource>(new UnmonitoredClock(TimeProvider.System));
        }

        services.AddSingleton(sp => new TimeStampIssuer(sp.GetRequiredService<ISerialNumberAllocator>(), TimeProvider.System,
            sp.GetRequiredService<ILogger<TimeStampIssuer>>(), sp.GetRequiredService<IClockStateSource>(), service.Defects));
        services.AddHostedService(sp => new EvidenceCheckpointService(service, sp.GetRequiredService<TimeStampIssuer>(), evidence,
            sp.GetRequiredService<ILogger<EvidenceCheckpointService>>(), service.EvidenceLog.CheckpointInterval, service.EvidenceLog.CheckpointEveryRecords));
        services.AddHostedService(sp => new TsuLifecycleWatch(service, TimeProvider.System,
            (kind, payload) => evidence.AppendAsync(kind, payload), sp.GetRequiredService<ILogger<TsuLifecycleWatch>>(), TimeSpan.FromSeconds(1)));
        return gate;
    }

    /// <summary>What this node serves, logged once at start: endpoints, TSU keys (with a warning for software keys), HSM state changes, serial state.</summary>
    private static void LogServedSetup(TimeStampingService service, ISerialNumberAllocator allocator, ILogger logger)
    {
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

        logger.LogInformation("State (serial numbers) in {Path}, node {Node}", allocator.Location, service.NodeName);
    }

    /// <summary>
    /// Start, stop and clock-gate transitions go into the evidence log (EN 319 421 OVR-7.12, TIS-7.7.2: loss and
    /// recovery of synchronisation are recorded); a monitored clock is polled once before requests are served.
    /// </summary>
    private static void RecordLifecycle(WebApplication app, TimeStampingService service, IEvidenceLog evidence,
        ClockGate? gate, ILogger logger)
    {
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var startRecord = app.Services.GetRequiredService<StartRecord>();
        var start = new
        {
            endpoints = service.Endpoints.Select(e => new { e.Name, e.Path, e.Qualified, policy = e.DefaultPolicyOid, accuracy = e.Accuracy.ToString(), tsu = e.Tsu.Name }),
            tsus = service.Tsus.Select(t => new
            {
                t.Name,
                subject = t.Certificate.Subject,
                certificateSha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(t.Certificate.RawData)),
                key = t.SigningKey.Description,
                protection = t.SigningKey.Protection.ToString(),
            }),
            clock = service.Clock.Monitored ? string.Join(", ", service.Clock.Sources) : "not monitored (development)",
            node = service.NodeName,
            host = Environment.MachineName,
            processId = Environment.ProcessId,
        };
        lifetime.ApplicationStarted.Register(() => _ = startRecord.WriteAsync(evidence, start, logger, lifetime.ApplicationStopping));
        lifetime.ApplicationStopping.Register(() => evidence.Append("stop", new { node = service.NodeName, host = Environment.MachineName, processId = Environment.ProcessId }));
        lifetime.ApplicationStopped.Register(evidence.Dispose);

        if (gate is not null)
        {
            gate.Changed += state =>
            {
                if (state.Open)
                {
                    logger.LogWarning("Clock gate OPEN, issuance resumes: {Reason}", state.Reason);
                }
                else
                {
                    logger.LogError("Clock gate CLOSED, requests get timeNotAvailable: {Reason}", state.Reason);
                }

                RecordEvent(evidence, logger, "clock", EvidencePayloads.Clock(state));
            };

            // Start with a measured verdict rather than a closed gate that opens a few polls later.
            var monitor = app.Services.GetRequiredService<TimeSourceMonitor>();
            for (int i = 0; i < service.Clock.ReopenAfterGoodPolls && !gate.Current.Open; i++)
            {
                monitor.PollOnceAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            logger.LogInformation("Clock gate {State} at start: {Reason}", gate.Current.Open ? "open" : "CLOSED", gate.Current.Reason);
        }
        else
        {
            logger.LogWarning("The clock is NOT monitored (Tsa:Clock:AllowUnmonitoredClock): genTime is not shown to be within the "
                + "declared accuracy of UTC, non-conformant with EN 319 421 TIS-7.7.1 (development only)");
        }

        foreach (var tsu in service.Tsus)
        {
            if (tsu.SigningKey is Pkcs11SigningKey hsm)
            {
                string name = tsu.Name;
                hsm.Token.StateChanged += (healthy, reason) =>
                    RecordEvent(evidence, logger, "hsm", new { tsu = name, healthy, reason });
            }
        }

        logger.LogInformation("Evidence log in {Location}, checkpoint within {Interval} or {Records} records, exported to {Export}", evidence.Location,
            service.EvidenceLog.CheckpointInterval, service.EvidenceLog.CheckpointEveryRecords,
            service.EvidenceLog.CheckpointExportFile ?? (service.EvidenceLog.CheckpointExportStdout ? "standard output" : "nowhere (records after the last checkpoint and a cut-off end cannot be detected)"));
    }

    /// <summary>
    /// Records a clock or HSM event raised on a monitoring thread without blocking it; a record that cannot be
    /// written is logged as an error (the event would otherwise be lost silently).
    /// </summary>
    private static void RecordEvent(IEvidenceLog evidence, ILogger logger, string kind, object payload) =>
        _ = evidence.AppendAsync(kind, payload).ContinueWith(
            t => logger.LogError(t.Exception?.GetBaseException(), "The {Kind} event could not be written to the evidence log: {Payload}", kind, payload),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>The base address Kestrel bound, after start (resolves port 0).</summary>
    public static Uri BoundAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        string address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("the server has no address");
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}

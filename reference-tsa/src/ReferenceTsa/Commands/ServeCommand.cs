using System.CommandLine;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;

namespace ReferenceTsa.Commands;

/// <summary>`serve [--urls URL] [--data DIR] [--config FILE]`: runs the TSA until stopped.</summary>
public static class ServeCommand
{
    public const string DefaultDataDirectory = "reference-tsa-data";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = $"Where to listen (semicolon-separated http:// and https:// URLs), default {TsaHost.DefaultUrl}, and {Tls.TlsSettings.DefaultHttpsUrl} when Tsa:Tls names a certificate" };
        var data = new Option<string>("--data") { Description = $"Data directory; with no --config, the embedded default lives here (default ./{DefaultDataDirectory})" };
        var config = new Option<string>("--config") { Description = "Configuration file (.json, .yaml); REFTSA_ environment variables override it" };
        var command = new Command("serve", "Run the time-stamping authority (POST /tsa, POST /qtsa, GET /healthz, GET /readyz)")
        {
            urls, data, config,
        };
        command.SetAction((parse, cancellationToken) =>
            ServeAsync(parse.GetValue(data), parse.GetValue(config), parse.GetValue(urls), cancellationToken));
        return command;
    }

    private static async Task<int> ServeAsync(string? dataOption, string? configOption, string? urlsOption, CancellationToken cancellationToken)
    {
        string configPath = Path.GetFullPath(configOption ?? EmbeddedConfiguration(Path.GetFullPath(dataOption ?? DefaultDataDirectory)));
        TimeStampingService service;
        try
        {
            var options = TsaConfigurationFile.Read(configPath);
            if (FilePermissions.Problems(options, configPath) is { Count: > 0 } loose)
            {
                throw new TsaConfigurationException(configPath, loose);
            }

            service = TimeStampingServiceLoader.Load(options, Path.GetDirectoryName(configPath)!, DateTimeOffset.UtcNow, configPath);
        }
        catch (TsaConfigurationException e)
        {
            return Refused(e.Message);
        }

        using (service)
        {
            string[] listen = urlsOption is { } given
                ? given.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : service.Tls is null ? [TsaHost.DefaultUrl] : [TsaHost.DefaultUrl, service.Tls.DefaultUrl];
            return await RunAsync(service, listen, cancellationToken);
        }
    }

    /// <summary>With no --config: the data directory's embedded default, created (dev init) when it is not there yet.</summary>
    private static string EmbeddedConfiguration(string dataDirectory)
    {
        if (!EmbeddedDefault.IsInitialized(dataDirectory))
        {
            Console.WriteLine($"No configuration in {dataDirectory}: creating the embedded development default (dev init).");
            var store = EmbeddedDefault.PreferredStore();
            EmbeddedDefault.Initialize(dataDirectory, new EmbeddedDefault.Options(Store: store));
            if (store == DevKeyStore.Software)
            {
                Console.Error.WriteLine(EmbeddedDefault.SoftwareKeyWarning);
            }
        }

        Console.WriteLine($"Data directory: {dataDirectory}");
        Console.WriteLine($"Development root CA (trust anchor for both TSUs): {Path.Combine(dataDirectory, EmbeddedDefault.RootCaFileName)}");
        return Path.Combine(dataDirectory, EmbeddedDefault.ConfigurationFileName);
    }

    /// <summary>Builds the host and serves until stopped; a refusal at start-up is its exit code.</summary>
    private static async Task<int> RunAsync(TimeStampingService service, string[] listen, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = TsaHost.Build(service, listen);
        }
        catch (StartupRefusedException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.DataError;
        }
        catch (TsaConfigurationException e)
        {
            return Refused(e.Message);
        }
        catch (Tls.ServerCertificateException e)
        {
            return Refused($"{e.Setting}: {e.Message}");
        }

        try
        {
            await app.RunAsync(cancellationToken);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Cannot listen on {string.Join(", ", listen)}: {e.Message}");
            return ExitCodes.Unavailable;
        }

        return ExitCodes.Ok;
    }

    private static int Refused(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine("The TSA does not start with this configuration.");
        return ExitCodes.Configuration;
    }
}

using ReferenceTsa.Configuration;

namespace ReferenceTsa.Hosting;

/// <summary>Reads a JSON or YAML configuration file with REFTSA_ environment overrides into <see cref="TsaOptions"/>.</summary>
public static class TsaConfigurationFile
{
    public const string EnvironmentPrefix = "REFTSA_";

    public static TsaOptions Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new TsaConfigurationException(path, [new ConfigurationProblem("--config", $"{path} does not exist")]);
        }

        var builder = new ConfigurationBuilder();
        string extension = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            if (extension is ".yaml" or ".yml")
            {
                builder.AddInMemoryCollection(YamlConfigurationFlattener.Read(path));
            }
            else
            {
                builder.AddJsonFile(path, optional: false, reloadOnChange: false);
            }

            builder.AddEnvironmentVariables(EnvironmentPrefix);
            var configuration = builder.Build();
            var options = new TsaOptions();
            configuration.GetSection(TsaOptions.Section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
            return options;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException)
        {
            string reason = e is InvalidDataException or FormatException
                ? $"the file is not valid {(extension is ".yaml" or ".yml" ? "YAML" : "JSON")}: {e.InnerException?.Message ?? e.Message}"
                : e.Message;
            throw new TsaConfigurationException(path, [new ConfigurationProblem(TsaOptions.Section, reason)]);
        }
    }
}

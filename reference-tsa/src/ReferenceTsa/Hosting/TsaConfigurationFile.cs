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
            throw new TsaConfigurationException(path, [new ConfigurationProblem(TsaOptions.Section, Describe(e, path))]);
        }
    }

    private static string Describe(Exception e, string path)
    {
        // The JSON provider wraps the parser's error, which knows the line (0-based), a level or two down.
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Text.Json.JsonException { LineNumber: { } line } json)
            {
                return $"{path}:{line + 1}: the file is not valid JSON: {json.Message}";
            }
        }

        // The YAML reader's message already starts with path:line:column.
        return e is InvalidDataException or FormatException ? $"the file cannot be read: {e.Message}" : e.Message;
    }
}

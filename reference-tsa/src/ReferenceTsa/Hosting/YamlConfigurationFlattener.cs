using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ReferenceTsa.Hosting;

/// <summary>
/// Flattens a YAML configuration file into configuration keys ("Tsa:Endpoints:tsa:Path"), sequences becoming
/// indexes, so YAML and JSON configuration bind the same way. Syntax errors name the file, line and column.
/// </summary>
public static class YamlConfigurationFlattener
{
    public static Dictionary<string, string?> Read(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path}:{e.Start.Line}:{e.Start.Column}: {e.Message}", e);
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (stream.Documents.Count > 0)
        {
            Visit(stream.Documents[0].RootNode, prefix: null, values, path);
        }

        return values;
    }

    private static void Visit(YamlNode node, string? prefix, Dictionary<string, string?> values, string path)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, child) in mapping.Children)
                {
                    string name = ((YamlScalarNode)key).Value ?? "";
                    Visit(child, prefix is null ? name : $"{prefix}:{name}", values, path);
                }

                break;
            case YamlSequenceNode sequence:
                for (int i = 0; i < sequence.Children.Count; i++)
                {
                    Visit(sequence.Children[i], $"{prefix}:{i}", values, path);
                }

                break;
            case YamlScalarNode scalar when prefix is not null:
                if (!values.TryAdd(prefix, scalar.Value))
                {
                    throw new InvalidDataException($"{path}:{scalar.Start.Line}: the setting {prefix} is given twice");
                }

                break;
        }
    }
}

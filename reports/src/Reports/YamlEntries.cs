using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Reports;

/// <summary>
/// Reads the list files users write (evidence register, waivers): a top-level key holding a list of flat mappings.
/// Every problem is a <c>file:line: message</c>; all problems are collected before failing.
/// </summary>
internal sealed class YamlEntries
{
    private readonly string file;
    private readonly List<string> errors = [];

    private YamlEntries(string file) => this.file = file;

    public static IReadOnlyList<YamlEntry> Read(string file, string listKey, IReadOnlyCollection<string> allowedKeys, out List<string> errors)
    {
        var reader = new YamlEntries(file);
        var entries = reader.ReadAll(listKey, allowedKeys);
        errors = reader.errors;
        return entries;
    }

    private List<YamlEntry> ReadAll(string listKey, IReadOnlyCollection<string> allowedKeys)
    {
        if (!File.Exists(file))
        {
            errors.Add($"{file}: no such file");
            return [];
        }

        var stream = new YamlStream();
        try
        {
            using var text = new StreamReader(file);
            stream.Load(text);
        }
        catch (YamlException e)
        {
            errors.Add($"{file}:{e.Start.Line}: not valid YAML: {e.InnerException?.Message ?? e.Message}");
            return [];
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add($"{file}:1: expected a mapping with a '{listKey}:' list");
            return [];
        }

        var entries = new List<YamlEntry>();
        foreach (var (key, value) in root.Children)
        {
            string name = ((YamlScalarNode)key).Value ?? "";
            if (name != listKey)
            {
                errors.Add($"{file}:{key.Start.Line}: unknown key '{name}' (expected '{listKey}')");
                continue;
            }

            if (value is not YamlSequenceNode list)
            {
                errors.Add($"{file}:{value.Start.Line}: '{listKey}' must be a list");
                continue;
            }

            foreach (YamlNode item in list.Children)
            {
                if (item is not YamlMappingNode map)
                {
                    errors.Add($"{file}:{item.Start.Line}: each entry of '{listKey}' must be a mapping");
                    continue;
                }

                var fields = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
                foreach (var (k, v) in map.Children)
                {
                    string field = (k as YamlScalarNode)?.Value ?? "";
                    if (!allowedKeys.Contains(field))
                    {
                        errors.Add($"{file}:{k.Start.Line}: unknown field '{field}' (allowed: {string.Join(", ", allowedKeys)})");
                        continue;
                    }

                    if (v is not YamlScalarNode scalar)
                    {
                        errors.Add($"{file}:{v.Start.Line}: '{field}' must be a single value");
                        continue;
                    }

                    fields[field] = (scalar.Value ?? "", (int)v.Start.Line);
                }

                entries.Add(new YamlEntry(file, (int)item.Start.Line, fields, errors));
            }
        }

        return entries;
    }
}

/// <summary>One mapping of a list file; typed getters record missing or malformed fields as errors.</summary>
internal sealed class YamlEntry(string file, int line, Dictionary<string, (string Value, int Line)> fields, List<string> errors)
{
    public string File { get; } = file;
    public int Line { get; } = line;

    public string Required(string field)
    {
        if (fields.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value.Value))
        {
            return value.Value.Trim();
        }

        errors.Add($"{File}:{Line}: '{field}' is required");
        return "";
    }

    public string? Optional(string field) => fields.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value.Value) ? value.Value.Trim() : null;

    public DateOnly RequiredDate(string field)
    {
        string text = Required(field);
        if (text.Length == 0)
        {
            return default;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            return date;
        }

        errors.Add($"{File}:{fields[field].Line}: '{field}' must be a date YYYY-MM-DD, not '{text}'");
        return default;
    }

    public void Error(string field, string message) =>
        errors.Add($"{File}:{(fields.TryGetValue(field, out var v) ? v.Line : Line)}: {message}");
}

using Conformance.Yaml;

namespace Reports;

/// <summary>
/// Reads the list files users write (evidence register, waivers) through the shared strict YAML reader: a top-level
/// key holding a list of flat mappings. Every problem is a <c>file:line: message</c>; all problems are collected
/// before failing (the typed getters of <see cref="YamlEntry"/> add theirs to the same list).
/// </summary>
internal static class YamlEntries
{
    public static IReadOnlyList<YamlEntry> Read(string file, string listKey, IReadOnlyCollection<string> allowedKeys, out List<YamlProblem> problems)
    {
        problems = [];
        YamlFields? root = YamlFile.Read(file, problems, $"a '{listKey}:' list");
        if (root is null)
        {
            return [];
        }

        IReadOnlyList<YamlFields>? items = root.Items(listKey);
        root.RejectUnknown($"the {listKey} file");
        if (items is null)
        {
            root.Error(root.Line, $"missing required key '{listKey}' (a list)");
            return [];
        }

        var entries = new List<YamlEntry>();
        foreach (YamlFields item in items)
        {
            item.Allow([.. allowedKeys]);
            item.RejectUnknown($"an entry of '{listKey}'");
            entries.Add(new YamlEntry(item));
        }

        return entries;
    }
}

/// <summary>One mapping of a list file; typed getters record missing or malformed fields as problems.</summary>
internal sealed class YamlEntry(YamlFields fields)
{
    public string File => fields.File;
    public int Line => fields.Line;

    public string Required(string field) => fields.RequireString(field).Trim();

    public string? Optional(string field) => fields.OptionalString(field) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    public DateOnly RequiredDate(string field)
    {
        if (string.IsNullOrWhiteSpace(fields.OptionalString(field)))
        {
            fields.RequireString(field);
            return default;
        }

        return fields.OptionalDate(field) ?? default;
    }

    public void Error(string field, string message) => fields.ErrorAt(field, message);
}

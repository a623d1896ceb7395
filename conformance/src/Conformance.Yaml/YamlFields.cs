using YamlDotNet.RepresentationModel;

namespace Conformance.Yaml;

/// <summary>
/// Strict reader over one YAML mapping. Every key asked for (read, <see cref="Has"/> or <see cref="Allow"/>) is
/// remembered, and <see cref="RejectUnknown"/> reports any other key with its line and the closest allowed name, to
/// catch misspellings. Problems are recorded, not thrown: an author wants all of them at once. Messages name the key
/// with its path from the top of the file (<c>auth.basic.user</c>) and, for type errors, the expected type.
/// The typed getters are in YamlFields.Values.cs.
/// </summary>
public sealed partial class YamlFields
{
    private readonly YamlMappingNode node;
    private readonly List<YamlProblem> problems;
    private readonly string path;
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    internal YamlFields(YamlMappingNode node, string file, List<YamlProblem> problems, string path)
    {
        this.node = node;
        File = file;
        this.problems = problems;
        this.path = path;
    }

    /// <summary>The file as shown in messages.</summary>
    public string File { get; }

    /// <summary>Line where this mapping starts.</summary>
    public int Line => LineOf(node);

    /// <summary>How many problems the whole file has so far (to tell whether a section added any).</summary>
    public int ProblemCount => problems.Count;

    /// <summary>The key as messages show it: with the path of the mappings it is in (<c>hsm.slot</c>).</summary>
    public string Key(string name) => path.Length == 0 ? name : $"{path}.{name}";

    public void Error(int line, string message) => problems.Add(new YamlProblem(File, line, message));

    /// <summary>Records a problem on the line of key <paramref name="name"/> (or of the mapping when it is absent).</summary>
    public void ErrorAt(string name, string message) => Error(KeyLine(name), message);

    /// <summary>Whether the key is written at all (even with no value); counts as asking for it.</summary>
    public bool Has(string name)
    {
        known.Add(name);
        return node.Children.ContainsKey(new YamlScalarNode(name));
    }

    /// <summary>Keys that are allowed although this reader does not read them (kept for compatibility or read elsewhere).</summary>
    public void Allow(params string[] names) => known.UnionWith(names);

    /// <summary>Line of the key <paramref name="name"/> (or of the mapping when absent).</summary>
    public int KeyLine(string name)
    {
        foreach (var key in node.Children.Keys)
        {
            if (key is YamlScalarNode s && s.Value == name)
            {
                return LineOf(key);
            }
        }

        return Line;
    }

    /// <summary>A nested mapping; null when absent, with a type error when it is something else.</summary>
    public YamlFields? Mapping(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return null;
        }

        if (value is YamlMappingNode m)
        {
            return new YamlFields(m, File, problems, Key(name));
        }

        TypeError(name, value, "a mapping (key: value lines)");
        return null;
    }

    /// <summary>
    /// The entries of a list of mappings (<c>- key: value</c> blocks); null when the key is absent. Entries that are not
    /// mappings are reported and skipped.
    /// </summary>
    public IReadOnlyList<YamlFields>? Items(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlSequenceNode sequence)
        {
            TypeError(name, value, "a list");
            return null;
        }

        var items = new List<YamlFields>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode m)
            {
                items.Add(new YamlFields(m, File, problems, string.Empty));
            }
            else
            {
                Error(LineOf(item), $"every entry of '{Key(name)}' must be a mapping (key: value lines), not {Describe(item)}");
            }
        }

        return items;
    }

    /// <summary>A mapping of free names to text values (HTTP headers and the like), in file order.</summary>
    public IReadOnlyList<(YamlValue Name, YamlValue Value)> TextMap(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return [];
        }

        if (value is not YamlMappingNode map)
        {
            TypeError(name, value, "a mapping of names to text values");
            return [];
        }

        var entries = new List<(YamlValue, YamlValue)>();
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { Length: > 0 } key } && v is YamlScalarNode text)
            {
                entries.Add((new YamlValue(key, LineOf(k)), new YamlValue(text.Value ?? string.Empty, LineOf(v))));
            }
            else
            {
                Error(LineOf(k), $"'{Key(name)}' maps names to text values; '{(k as YamlScalarNode)?.Value}' has {Describe(v)}");
            }
        }

        return entries;
    }

    /// <summary>Reports every key that was not asked for, with a spelling suggestion when one is close.</summary>
    /// <param name="context">Where the keys are, for the message (e.g. "hsm", "requirement 'TSP-TST-003'").</param>
    public void RejectUnknown(string context)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (known.Contains(name))
            {
                continue;
            }

            var suggestion = Spelling.Closest(name, known);
            var hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
            Error(LineOf(key), $"unknown key '{name}' in {context}{hint}; allowed: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        }
    }

    /// <summary>The raw value node of <paramref name="name"/>, or null when the key is absent or explicitly null.</summary>
    internal YamlNode? Node(string name)
    {
        known.Add(name);
        if (!node.Children.TryGetValue(new YamlScalarNode(name), out var value))
        {
            return null;
        }

        return IsNull(value) ? null : value;
    }

    private void TypeError(string name, YamlNode value, string expected) =>
        Error(LineOf(value), $"'{Key(name)}' must be {expected}, not {Describe(value)}");

    private static string Describe(YamlNode value) => value switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    private static int LineOf(YamlNode n) => (int)n.Start.Line;

    private static bool IsNull(YamlNode value) =>
        value is YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.SingleQuoted and not YamlDotNet.Core.ScalarStyle.DoubleQuoted } s
        && (s.Value is null || s.Value.Length == 0 || s.Value is "~" or "null");
}

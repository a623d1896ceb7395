using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Conformance.Catalogue.Yaml;

/// <summary>
/// Strict reader over one YAML mapping: every field read is remembered, and <see cref="RejectUnknown"/>
/// reports any other field with its line (and the closest allowed name, to catch misspellings).
/// Problems are added to the shared diagnostics list instead of thrown: a catalogue author wants all of them at once.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode node;
    private readonly string file;
    private readonly List<CatalogueDiagnostic> diagnostics;
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    public YamlFields(YamlMappingNode node, string file, List<CatalogueDiagnostic> diagnostics)
    {
        this.node = node;
        this.file = file;
        this.diagnostics = diagnostics;
    }

    public int Line => LineOf(node);

    public string File => file;

    public static int LineOf(YamlNode n) => (int)n.Start.Line;

    public void Error(YamlNode at, string message) => diagnostics.Add(new CatalogueDiagnostic(file, LineOf(at), message));

    public void Error(int line, string message) => diagnostics.Add(new CatalogueDiagnostic(file, line, message));

    /// <summary>The raw value node of <paramref name="name"/>, or null when the field is absent or explicitly null.</summary>
    public YamlNode? Node(string name)
    {
        known.Add(name);
        if (!node.Children.TryGetValue(new YamlScalarNode(name), out var value))
        {
            return null;
        }

        return IsNull(value) ? null : value;
    }

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

    public string? OptionalString(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        Error(value, $"field '{name}' must be a text value");
        return null;
    }

    public string RequireString(string name)
    {
        var value = OptionalString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            if (Node(name) is null)
            {
                Error(Line, $"missing required field '{name}'");
            }
            else
            {
                Error(KeyLine(name), $"field '{name}' must not be empty");
            }

            return string.Empty;
        }

        return value;
    }

    public IReadOnlyList<string> StringList(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return [];
        }

        if (value is YamlScalarNode single)
        {
            return single.Value is null ? [] : [single.Value];
        }

        if (value is not YamlSequenceNode seq)
        {
            Error(value, $"field '{name}' must be a list");
            return [];
        }

        var result = new List<string>();
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value))
            {
                result.Add(s.Value);
            }
            else
            {
                Error(item, $"every entry of '{name}' must be a non-empty text value");
            }
        }

        return result;
    }

    /// <summary>A list field that may be absent (null) rather than empty: used for inheritable parameters.</summary>
    public IReadOnlyList<string>? OptionalStringList(string name) => Node(name) is null ? null : StringList(name);

    public DateOnly? OptionalDate(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode s &&
            DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(value, $"field '{name}' must be a date written as YYYY-MM-DD (got '{(value as YamlScalarNode)?.Value}')");
        return null;
    }

    public bool? OptionalBool(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode { Value: "true" })
        {
            return true;
        }

        if (value is YamlScalarNode { Value: "false" })
        {
            return false;
        }

        Error(value, $"field '{name}' must be true or false");
        return null;
    }

    public int? OptionalInt(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode s && int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        Error(value, $"field '{name}' must be a whole number");
        return null;
    }

    public decimal? OptionalDecimal(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode s && decimal.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        Error(value, $"field '{name}' must be a number");
        return null;
    }

    public YamlFields? Mapping(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return null;
        }

        if (value is YamlMappingNode m)
        {
            return new YamlFields(m, file, diagnostics);
        }

        Error(value, $"field '{name}' must be a mapping (key: value lines)");
        return null;
    }

    public YamlSequenceNode? Sequence(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return null;
        }

        if (value is YamlSequenceNode s)
        {
            return s;
        }

        Error(value, $"field '{name}' must be a list");
        return null;
    }

    /// <summary>Reports every key that was not asked for, with a spelling suggestion when one is close.</summary>
    public void RejectUnknown(string context)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (known.Contains(name))
            {
                continue;
            }

            var suggestion = Closest(name, known);
            var hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
            Error(key, $"unknown field '{name}' in {context}{hint}; allowed: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        }
    }

    private static bool IsNull(YamlNode value) =>
        value is YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.SingleQuoted and not YamlDotNet.Core.ScalarStyle.DoubleQuoted } s
        && (s.Value is null || s.Value.Length == 0 || s.Value is "~" or "null");

    private static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Levenshtein(name, candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Conformance.Yaml;

/// <summary>The typed getters: each records a problem naming the key and the expected type when the value does not fit.</summary>
public sealed partial class YamlFields
{
    /// <summary>A single value with its line; null when absent, with a type error when it is a list or mapping.</summary>
    public YamlValue? Value(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return null;
        }

        if (value is YamlScalarNode scalar)
        {
            return new YamlValue(scalar.Value ?? string.Empty, LineOf(scalar));
        }

        TypeError(name, value, "a single text value");
        return null;
    }

    public string? OptionalString(string name) => Value(name)?.Text;

    /// <summary>A required, non-empty text value; empty string (with a problem recorded) when missing.</summary>
    public string RequireString(string name)
    {
        bool present = node.Children.TryGetValue(new YamlScalarNode(name), out var raw);
        var value = OptionalString(name);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        if (!present)
        {
            Error(Line, $"missing required key '{Key(name)}'");
        }
        else if (raw is YamlScalarNode)
        {
            ErrorAt(name, $"'{Key(name)}' must not be empty");
        }

        return string.Empty;
    }

    /// <summary>A list of non-empty single values (a lone value counts as a list of one), each with its line.</summary>
    public IReadOnlyList<YamlValue> Values(string name)
    {
        var value = Node(name);
        if (value is null)
        {
            return [];
        }

        if (value is YamlScalarNode single)
        {
            return string.IsNullOrWhiteSpace(single.Value) ? [] : [new YamlValue(single.Value, LineOf(single))];
        }

        if (value is not YamlSequenceNode seq)
        {
            TypeError(name, value, "a list");
            return [];
        }

        var result = new List<YamlValue>();
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value))
            {
                result.Add(new YamlValue(s.Value, LineOf(s)));
            }
            else
            {
                Error(LineOf(item), $"every entry of '{Key(name)}' must be a non-empty single value, not {Describe(item)}");
            }
        }

        return result;
    }

    public IReadOnlyList<string> StringList(string name) => [.. Values(name).Select(v => v.Text)];

    /// <summary>A list that may be absent (null) rather than empty: used for inheritable parameters.</summary>
    public IReadOnlyList<string>? OptionalStringList(string name) => Node(name) is null ? null : StringList(name);

    public DateOnly? OptionalDate(string name) =>
        Typed(name, "a date written as YYYY-MM-DD", text =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (DateOnly?)null);

    public bool? OptionalBool(string name) =>
        Typed(name, "true or false", text => text switch { "true" => true, "false" => false, _ => (bool?)null });

    public int? OptionalInt(string name) =>
        Typed(name, "a whole number", text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : (int?)null);

    public decimal? OptionalDecimal(string name) =>
        Typed(name, "a number", text => decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null);

    /// <summary>A duration in the suite's one grammar (see <see cref="Duration"/>).</summary>
    public TimeSpan? OptionalDuration(string name)
    {
        if (Value(name) is not { } value)
        {
            return null;
        }

        if (Duration.TryParse(value.Text, out var duration, out var problem))
        {
            return duration;
        }

        Error(value.Line, Duration.Describe(Key(name), value.Text, problem));
        return null;
    }

    private T? Typed<T>(string name, string expected, Func<string, T?> parse)
        where T : struct
    {
        if (Value(name) is not { } value)
        {
            return null;
        }

        if (parse(value.Text) is { } parsed)
        {
            return parsed;
        }

        Error(value.Line, $"'{Key(name)}' must be {expected}, not '{value.Text}'");
        return null;
    }
}

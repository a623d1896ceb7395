using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.Yaml;

/// <summary>
/// Parses one YAML file into its top-level mapping, turning unreadable files, syntax errors and duplicate keys into
/// located <see cref="YamlProblem"/>s. Returns null (with the problem recorded) when there is nothing to read fields from.
/// </summary>
public static class YamlFile
{
    /// <summary>Reads <paramref name="path"/>; problems name it as <paramref name="displayPath"/> (default: the path).</summary>
    /// <param name="expected">What the top level holds, for the message when it is not a mapping (e.g. "url:, qualified-url:, ...").</param>
    public static YamlFields? Read(string path, List<YamlProblem> problems, string expected, string? displayPath = null)
    {
        string display = displayPath ?? path;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new YamlProblem(display, 0, e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : $"cannot be read: {e.Message}"));
            return null;
        }

        return Parse(text, display, problems, expected);
    }

    /// <summary>Parses <paramref name="text"/> as the content of the file <paramref name="displayPath"/>.</summary>
    public static YamlFields? Parse(string text, string displayPath, List<YamlProblem> problems, string expected)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            problems.Add(new YamlProblem(displayPath, (int)e.Start.Line, Describe(e, text)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, when the text ends inside a flow collection.
            int line = (int)(parser.Current?.Start.Line ?? 1);
            problems.Add(new YamlProblem(displayPath, line, "not valid YAML: a [list] or {mapping} opened here is not closed"));
            return null;
        }

        if (stream.Documents.Count != 1)
        {
            problems.Add(new YamlProblem(displayPath, 1, stream.Documents.Count == 0
                ? $"the file is empty; expected a mapping ({expected})"
                : $"expected one YAML document, found {stream.Documents.Count}"));
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            problems.Add(new YamlProblem(displayPath, (int)stream.Documents[0].RootNode.Start.Line, $"the top level must be a mapping ({expected})"));
            return null;
        }

        return new YamlFields(root, displayPath, problems, string.Empty);
    }

    private static string Describe(YamlException e, string text)
    {
        // YamlDotNet raises duplicate keys as a YamlException located at the second occurrence of the key.
        if (e.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase))
        {
            string key = KeyAt(text, (int)e.Start.Index);
            return $"duplicate key{(key.Length > 0 ? $" '{key}'" : string.Empty)}: a key may appear only once in a mapping";
        }

        return $"not valid YAML: {Trim(e.InnerException?.Message ?? e.Message)}";
    }

    /// <summary>The plain key written at <paramref name="index"/> (up to its colon), or empty when it cannot be told.</summary>
    private static string KeyAt(string text, int index)
    {
        if (index < 0 || index >= text.Length)
        {
            return string.Empty;
        }

        int end = text.IndexOfAny([':', '\n'], index);
        return end > index && text[end] == ':' ? text[index..end].Trim().Trim('"', '\'') : string.Empty;
    }

    private static string Trim(string message)
    {
        // YamlDotNet prefixes "(Line: x, Col: y, Idx: z) - (Line: ...): "; the location is already in file:line.
        var marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 ? message[(marker + 3)..] : message;
    }
}

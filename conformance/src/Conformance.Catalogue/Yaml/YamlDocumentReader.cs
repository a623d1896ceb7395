using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.Catalogue.Yaml;

/// <summary>Parses one YAML file into its root mapping, turning syntax errors into located diagnostics.</summary>
internal static class YamlDocumentReader
{
    public static YamlFields? ReadRootMapping(string path, string displayPath, List<CatalogueDiagnostic> diagnostics)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            diagnostics.Add(new CatalogueDiagnostic(displayPath, 0, $"cannot read file: {ex.Message}"));
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            // YamlDotNet reports duplicate keys and syntax errors alike; the inner exception often names the cause.
            var detail = ex.InnerException?.Message ?? ex.Message;
            var message = detail.Contains("duplicate key", StringComparison.OrdinalIgnoreCase)
                ? $"duplicate key in mapping: {detail}"
                : $"invalid YAML: {Trim(detail)}";
            diagnostics.Add(new CatalogueDiagnostic(displayPath, (int)ex.Start.Line, message));
            return null;
        }

        if (stream.Documents.Count != 1)
        {
            diagnostics.Add(new CatalogueDiagnostic(displayPath, 1, $"expected exactly one YAML document, found {stream.Documents.Count}"));
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            diagnostics.Add(new CatalogueDiagnostic(displayPath, (int)stream.Documents[0].RootNode.Start.Line, "the file must contain a mapping at the top level"));
            return null;
        }

        return new YamlFields(root, displayPath, diagnostics);
    }

    private static string Trim(string message)
    {
        // YamlDotNet prefixes "(Line: x, Col: y, Idx: z) - (Line: ...): "; the location is already in file:line.
        var marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 ? message[(marker + 3)..] : message;
    }
}

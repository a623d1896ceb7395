using Conformance.Yaml;

namespace Conformance.Catalogue.Loading;

/// <summary>Reads one requirements/*.yaml: the source document it transcribes and its requirements.</summary>
internal static class RequirementsFileReader
{
    public static void Read(string path, string display, List<YamlProblem> problems, List<SourceDocument> documents, List<Requirement> requirements)
    {
        var root = YamlFile.Read(path, problems, "document:, requirements:", display);
        if (root is null)
        {
            return;
        }

        var header = root.Mapping("document");
        var list = root.Items("requirements");
        root.RejectUnknown("a requirements file (expected 'document' and 'requirements')");
        if (header is null)
        {
            root.Error(root.Line, "missing required key 'document' (the source document this file transcribes)");
            return;
        }

        var document = ReadDocument(header, display);
        documents.Add(document);
        if (list is null)
        {
            root.Error(root.Line, "missing required key 'requirements' (a list)");
            return;
        }

        foreach (var item in list)
        {
            if (RequirementReader.Read(item, document) is { } r)
            {
                requirements.Add(r);
            }
        }
    }

    private static SourceDocument ReadDocument(YamlFields header, string display)
    {
        var document = new SourceDocument
        {
            Key = header.RequireString("key"),
            Title = header.RequireString("title"),
            Version = header.RequireString("version"),
            Date = header.OptionalString("date"),
            IdScheme = header.OptionalString("id_scheme"),
            Url = header.OptionalString("url"),
            Notes = header.OptionalString("notes"),
            File = display,
            Line = header.Line,
        };
        header.RejectUnknown("'document'");
        return document;
    }
}

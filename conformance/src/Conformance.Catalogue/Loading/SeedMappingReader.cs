using Conformance.Yaml;

namespace Conformance.Catalogue.Loading;

/// <summary>Reads seed-mapping.yaml: which requirements each bullet of the seed talk maps to.</summary>
internal static class SeedMappingReader
{
    public static SeedMapping? Read(string path, string display, List<YamlProblem> problems)
    {
        var f = YamlFile.Read(path, problems, "title:, sections:, bullets:", display);
        if (f is null)
        {
            return null;
        }

        var title = f.RequireString("title");
        var sections = f.StringList("sections");
        f.OptionalString("notes");
        f.StringList("not_requirement_slides");
        var list = f.Items("bullets");
        f.RejectUnknown("the seed mapping");
        var bullets = new List<SeedBullet>();
        foreach (var b in list ?? [])
        {
            var bullet = new SeedBullet
            {
                Section = b.RequireString("section"),
                Under = b.OptionalString("under"),
                Text = b.RequireString("text"),
                Variants = b.StringList("variants"),
                Requirements = b.StringList("requirements"),
                Notes = b.OptionalString("notes"),
                Line = b.Line,
            };
            b.RejectUnknown("a seed bullet");
            if (bullet.Section.Length > 0 && !sections.Contains(bullet.Section))
            {
                b.ErrorAt("section", $"section '{bullet.Section}' is not listed in 'sections'");
            }

            if (bullet.Requirements.Count == 0)
            {
                b.Error(b.Line, $"seed bullet '{bullet.Text}' maps to no requirement");
            }

            bullets.Add(bullet);
        }

        return new SeedMapping { Title = title, Sections = sections, Bullets = bullets, File = display };
    }
}

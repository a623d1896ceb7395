namespace Conformance.Catalogue;

/// <summary>
/// Extracts the requirement bullets from the seed talk's text export: every bullet line ("- ...", at any
/// indentation, with or without "»") on a slide whose title is one of the mapping's sections.
/// A line that is not a bullet and not a slide footer starts a new slide; its text is the slide title.
/// </summary>
public static class SeedTalkReader
{
    /// <summary>A bullet found in the talk: slide section, the top-level bullet it sits under, its text, and its line.</summary>
    public sealed record TalkBullet(string Section, string? Under, string Text, int Line);

    private static readonly string[] Footers = ["SIGNICAT"];

    public static IReadOnlyList<TalkBullet> Read(IEnumerable<string> lines, IReadOnlyCollection<string> sections)
    {
        var result = new List<TalkBullet>();
        string? section = null;
        string? under = null;
        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || Footers.Contains(trimmed, StringComparer.Ordinal))
            {
                continue;
            }

            if (trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                if (section is null)
                {
                    continue;
                }

                var text = trimmed[2..].Trim();
                var topLevel = line.Length == trimmed.Length;
                if (topLevel)
                {
                    under = text;
                }

                result.Add(new TalkBullet(section, topLevel ? null : under, text, lineNumber));
                continue;
            }

            // Any other text line is a slide title (or prose on a non-requirement slide).
            section = sections.FirstOrDefault(s => string.Equals(SeedText.Normalize(s), SeedText.Normalize(trimmed), StringComparison.Ordinal));
            under = null;
        }

        return result;
    }

    /// <summary>Talk bullets that no mapping entry (by section and normalised text or variant) covers.</summary>
    public static IReadOnlyList<TalkBullet> Unmapped(IReadOnlyList<TalkBullet> talk, SeedMapping mapping)
    {
        var mapped = mapping.Bullets
            .SelectMany(b => b.Variants.Prepend(b.Text).Select(t => (b.Section, SeedText.Normalize(t))))
            .ToHashSet();
        return talk.Where(t => !mapped.Contains((t.Section, SeedText.Normalize(t.Text)))).ToList();
    }
}

using System.Text;

namespace Conformance.Catalogue;

/// <summary>
/// Normalises a seed-talk bullet so that the same bullet on two slides (one with "»" arrows, "**bold**",
/// square or round brackets, typographic dashes) compares equal.
/// </summary>
public static class SeedText
{
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Replace("**", string.Empty, StringComparison.Ordinal))
        {
            var c = ch switch
            {
                '»' or '•' => ' ',
                '[' or ']' or '(' or ')' => ' ',
                '–' or '—' => '-',
                '’' or '‘' or '\'' or '´' => '\0',
                _ => char.ToLowerInvariant(ch),
            };
            if (c != '\0')
            {
                sb.Append(c);
            }
        }

        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim(' ', '-');
    }
}

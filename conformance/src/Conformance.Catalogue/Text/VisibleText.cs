using System.Globalization;
using System.Text;

namespace Conformance.Catalogue.Text;

/// <summary>
/// The one sanitizer every report writer and the console use for text that came from a target or a stored token (TSA
/// names, statusStrings, exception messages): characters that XML 1.0, HTML, CSV or a terminal cannot carry safely are
/// rendered visibly as <c>\xNN</c> (or <c>\u{NNNN}</c>) instead of being passed through or crashing the writer.
/// Replaced: C0 controls other than tab and line breaks, DEL, C1 controls, unpaired surrogates, the non-characters
/// U+FFFE/U+FFFF, and the bidirectional override and isolate controls (which can make a terminal or a browser show
/// text in another order than it is stored). report.json keeps the original text (JSON escapes it); only renderings
/// are sanitized.
/// </summary>
public static class VisibleText
{
    /// <summary>The text with every unsafe character written as an escape; null stays null.</summary>
    /// <param name="keepLineBreaks">False for one-line contexts (a console line, an XML attribute): CR and LF are escaped too.</param>
    public static string? Of(string? text, bool keepLineBreaks = true)
    {
        if (text is null)
        {
            return null;
        }

        int first = FirstUnsafe(text, keepLineBreaks);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (IsUnsafe(c, keepLineBreaks))
            {
                sb.Append(c <= 0xFF
                    ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}")
                    : string.Create(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}"));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>True when <see cref="Of"/> would change the text.</summary>
    public static bool NeedsEscaping(string? text, bool keepLineBreaks = true) => text is not null && FirstUnsafe(text, keepLineBreaks) >= 0;

    private static int FirstUnsafe(string text, bool keepLineBreaks)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (IsUnsafe(c, keepLineBreaks))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafe(char c, bool keepLineBreaks) => c switch
    {
        '\t' => false,
        '\n' or '\r' => !keepLineBreaks,
        < ' ' => true,
        >= '\u007F' and <= '\u009F' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        '\uFFFE' or '\uFFFF' => true,
        _ => char.IsSurrogate(c), // reached only for an unpaired surrogate
    };
}

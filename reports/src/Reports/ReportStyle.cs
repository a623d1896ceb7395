namespace Reports;

/// <summary>
/// The stylesheet of report.html and appendix.html: screen, and print on A4 (Chromium's print-to-PDF applies it). Print
/// keeps headings with what follows them, a finding or table row on one page, and file names whole (a list of evidence
/// files breaks between names, never inside one); every page carries the report's identity and "page N of M"
/// (<see cref="PageFooter"/>).
/// </summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --pass: #1b7a35; --fail: #b3261e; --waive: #8a5a00; --miss: #6b4fa0; --obs: #a06a00; --line: #ccd; }
        body { font: 10.5pt/1.4 "DejaVu Sans", Arial, sans-serif; color: #111; margin: 2em auto; max-width: 60em; padding: 0 1em; }
        h1 { font-size: 18pt; margin: 0 0 .5em; } h2 { font-size: 13pt; border-bottom: 2px solid #223; margin-top: 1.6em; } h3 { font-size: 11pt; margin: .4em 0; }
        table { border-collapse: collapse; width: 100%; margin: .5em 0; }
        th, td { border: 1px solid var(--line); padding: 2px 5px; text-align: left; vertical-align: top; }
        thead th { background: #eef; } table.kv th { width: 14em; background: #f6f6fa; }
        td.hash, td.files { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; word-break: break-all; }
        table.matrix td.files { width: 17em; }
        .finding td.files { word-break: normal; overflow-wrap: anywhere; } .finding td.files a { white-space: nowrap; }
        .finding span.file { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; white-space: nowrap; }
        table.clauses { width: auto; min-width: 60%; font-size: 9pt; } table.clauses td { text-align: right; min-width: 3.2em; } table.clauses td:first-child { text-align: left; min-width: 12em; }
        table.clauses tr.standard th, table.clauses tr.standard td { background: #eef0f6; font-weight: bold; border-top: 2px solid #99a; }
        table.register { font-size: 8.5pt; } table.register td:nth-child(2) { width: 32%; } table.register td.ids { width: 22%; } table.register span.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 7pt; word-break: break-all; color: #334; } td.ids, p.missing-list { font-size: 8pt; } span.req { white-space: nowrap; }
        table.samples { font-size: 8.5pt; } table.samples caption { caption-side: top; text-align: left; font-size: 8pt; color: #445; padding-bottom: 2px; } table.samples td.token { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; white-space: nowrap; }
        .verdict { border: 3px solid; padding: .5em 1em; margin: 1em 0; }
        .verdict.conformant { border-color: var(--pass); } .verdict.non-conformant { border-color: var(--fail); } .verdict.incomplete { border-color: var(--miss); }
        .verdict h2 { border: none; margin: 0; }
        .conformant h2, td.passed, li.passed { color: var(--pass); } .non-conformant h2, td.failed, li.failed, .problem { color: var(--fail); }
        .incomplete h2, td.missing { color: var(--miss); } td.waived { color: var(--waive); }
        .badge { display: inline-block; padding: 0 4px; border-radius: 3px; font-size: 8pt; color: #fff; background: #667; }
        .badge.passed { background: var(--pass); } .badge.failed { background: var(--fail); } .badge.error, .badge.missing { background: var(--miss); } .badge.waived { background: var(--waive); } .badge.nonconformity { background: var(--fail); } .badge.observation, .badge.informative { background: var(--obs); }
        .finding { border-left: 4px solid var(--fail); padding-left: .6em; margin: .8em 0; } .finding.waived { border-color: var(--waive); } .finding.observation, .finding.informative { border-color: var(--obs); } .finding.error { border-color: var(--miss); }
        .note { color: #445; font-style: italic; }
        pre { font-size: 8pt; white-space: pre-wrap; word-break: break-all; background: #f6f6fa; padding: .4em; }
        svg { max-width: 100%; height: auto; }
        @page { size: A4; margin: 15mm 12mm 15mm 12mm; }
        @media print {
          body { margin: 0; max-width: none; font-size: 9pt; }
          section { break-inside: auto; } h2, h3, h2 + p.note { break-after: avoid; } tr, svg, .finding { break-inside: avoid; } .finding.long { break-inside: auto; }
          #time-accuracy > p { break-after: avoid; break-inside: avoid; }
          table.clauses tr.standard { break-after: avoid; } #environment, #appendices { break-inside: avoid; }
          .verdict { break-after: page; }
          details.dump { display: block; } details.dump > summary { font-weight: bold; } details.dump pre { display: block; }
          a { color: inherit; text-decoration: none; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """;

    /// <summary>
    /// Print margin boxes: <paramref name="identity"/> (which report: target, start, verdict) at the bottom left and
    /// "page N of M" at the bottom right of every page. Chromium prints them when its own header and footer are off.
    /// </summary>
    public static string PageFooter(string identity) =>
        "@page { @bottom-left { content: " + CssString(identity) + "; font: 7pt \"DejaVu Sans\", Arial, sans-serif; color: #556; }\n"
        + "  @bottom-right { content: \"page \" counter(page) \" of \" counter(pages); font: 7pt \"DejaVu Sans\", Arial, sans-serif; color: #556; } }\n";

    /// <summary>A CSS string literal: anything but letters, digits, space and plain punctuation escaped, so no text can end the string or the style element.</summary>
    private static string CssString(string text)
    {
        var s = new System.Text.StringBuilder("\"");
        foreach (char c in text)
        {
            s.Append(char.IsAsciiLetterOrDigit(c) || " .,:;()/_-+@".Contains(c, StringComparison.Ordinal) ? c.ToString() : $"\\{(int)c:X} ");
        }

        return s.Append('"').ToString();
    }
}

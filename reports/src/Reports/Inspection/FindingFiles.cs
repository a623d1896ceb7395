namespace Reports;

/// <summary>inspect: the stored files a finding was found in, as the renderings name them.</summary>
internal static class FindingFiles
{
    /// <summary>"Input file" for one file, "Input files" for a finding aggregated over many.</summary>
    public static string Label(ScenarioView view) => view.Files == 1 ? "Input file" : "Input files";

    /// <summary>"tok-1.tst" for one file; "312 files with this finding: tok-1.tst, tok-7.tst, … and 307 more (…)" for many.</summary>
    public static string Describe(ScenarioView view) => view.Files == 1 ? view.Input ?? "" :
        $"{view.Files} files with this finding: {Named(view)}"
        + (view.Files > view.ExampleInputs.Count ? $" and {view.Files - view.ExampleInputs.Count} more (every file with its verdict is listed in appendix A)" : "");

    /// <summary>"tok-1.tst" for one file; "312: tok-1.tst, tok-7.tst, …" for many (a table cell).</summary>
    public static string Short(ScenarioView view) => view.Files == 1 ? Named(view)
        : $"{view.Files}: {Named(view)}{(view.Files > view.ExampleInputs.Count ? ", …" : "")}";

    /// <summary>The first files, by name (at most <see cref="InspectionDigest.ExampleFiles"/>).</summary>
    public static string Named(ScenarioView view) => string.Join(", ", view.ExampleInputs.Select(i => Path.GetFileName(i.File)));
}

namespace Reports;

/// <summary>report.pdf from report.html through headless Chromium; skipped with a note when Chromium is absent.</summary>
public static class PdfPrinter
{
    public const string FileName = "report.pdf";

    /// <summary>Prints report.html to report.pdf; returns the path, or null with the reason when it could not.</summary>
    public static string? Print(string htmlFile, string directory, out string note)
    {
        string? chromium = Chromium.Locate();
        if (chromium is null)
        {
            note = $"report.pdf not written: Chromium is not installed (Debian: apt-get install {Chromium.AptPackage}); print report.html from a browser instead";
            return null;
        }

        string pdf = Path.Combine(directory, FileName);
        File.Delete(pdf);
        var (exit, output) = Chromium.Run(chromium, htmlFile, ["--no-pdf-header-footer", $"--print-to-pdf={pdf}"], TimeSpan.FromSeconds(90));
        if (exit != 0 || !File.Exists(pdf) || new FileInfo(pdf).Length == 0)
        {
            note = $"report.pdf not written: {chromium} exited with {exit}: {output.Trim().Split('\n').LastOrDefault()}";
            return null;
        }

        note = $"report.pdf printed by {chromium}";
        return pdf;
    }
}

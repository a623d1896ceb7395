using Conformance.Runner.Inspection;

namespace Conformance.Cli.Commands;

/// <summary>
/// inspect's console output for archives: one row per file (file, TSU, genTime, policy, qualified claim, verdict,
/// nonconformities, observations, errors), then each distinct finding once, graded, with the files it was found in.
/// Text from the tokens passes through <see cref="RunSummary.Line"/>, so a hostile name cannot drive the terminal.
/// </summary>
internal static class InspectTable
{
    /// <param name="table">False (--quiet): the findings only.</param>
    public static void Print(InspectionResult result, TextWriter output, bool table = true)
    {
        if (table)
        {
            PrintTable(result.Files, output);
        }

        PrintFindings(result, output);
    }

    private static void PrintTable(IReadOnlyList<InspectedFile> files, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"FILE",-28} {"TSU",-32} {"GENTIME",-24} {"POLICY",-22} {"QC",-3} {"VERDICT",-14} {"NC",3} {"OBS",3} {"ERR",3}");
        foreach (InspectedFile input in files)
        {
            output.WriteLine(RunSummary.Line($"{Cut(Path.GetFileName(input.File), 28),-28} {Cut(Cn(input.Token?.Tsu) ?? "-", 32),-32} {input.Token?.GenTime ?? "-",-24} "
                + $"{Cut(input.Token?.Policy ?? "-", 22),-22} {(input.Token?.QualifiedClaim == true ? "yes" : "no"),-3} {RunSummary.VerdictText(input.Verdict),-14} "
                + $"{input.Nonconformities,3} {input.Observations,3} {input.Errors,3}"));
        }

        output.WriteLine("QC: the token claims to be qualified (esi4-qtstStatement-1); NC nonconformities, OBS observations, ERR not checkable");
    }

    private static void PrintFindings(InspectionResult result, TextWriter output)
    {
        var findings = result.Findings.OrderBy(g => g.Label == "NONCONFORMITY" ? 0 : g.Label == "OBSERVATION" ? 1 : 2).ToList();
        var unreadable = result.Files.Where(i => i.Error is not null).ToList();
        if (findings.Count == 0 && unreadable.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Findings (each once, graded, with the files it was found in):");
        foreach (InspectedFile input in unreadable)
        {
            output.WriteLine(RunSummary.Line($"  INPUT  {Path.GetFileName(input.File)}: {input.Error}"));
        }

        foreach (FindingGroup group in findings)
        {
            int more = group.FileCount - group.NamedFiles.Count;
            string files = string.Join(", ", group.NamedFiles) + (more > 0 ? $" and {more} more" : "");
            output.WriteLine(RunSummary.Line($"  {group.Label,-13} {group.RequirementIds} in {group.FileCount} file(s) [{files}]: {group.Message}"));
        }
    }

    private static string? Cn(string? subject)
    {
        if (subject is null)
        {
            return null;
        }

        int at = subject.IndexOf("CN=", StringComparison.Ordinal);
        if (at < 0)
        {
            return subject;
        }

        int end = subject.IndexOf(", ", at, StringComparison.Ordinal);
        return end < 0 ? subject[(at + 3)..] : subject[(at + 3)..end];
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}

using System.CommandLine;
using Reports;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance report verify DIR</c>: checks a sealed output folder: every digest of REPORT-MANIFEST.sha256,
/// files added since, and the RFC 3161 token over the manifest. Exit 0 when all hold, 1 otherwise, 64 on usage errors.
/// </summary>
public static class ReportVerifyCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "Output folder of a run (holding report.json and REPORT-MANIFEST.sha256)" };
        var command = new Command("verify", "Verify a report folder's manifest, every digest in it and its RFC 3161 time-stamp token");
        command.Arguments.Add(directory);
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            string dir = Path.GetFullPath(parse.GetValue(directory)!);
            if (!Directory.Exists(dir))
            {
                error.WriteLine($"{dir}: no such folder");
                return ExitCodes.Usage;
            }

            SealVerification result = TamperEvidence.Verify(dir);
            foreach (string problem in result.Problems)
            {
                error.WriteLine($"FAIL  {problem}");
            }

            foreach (string note in result.Notes)
            {
                output.WriteLine($"      {note}");
            }

            output.WriteLine(result.Passed
                ? $"OK    {result.FilesChecked} file(s) match {TamperEvidence.ManifestName}; the token covers the manifest"
                : $"FAILED: {result.Problems.Count} problem(s) in {dir}");
            return result.Passed ? ExitCodes.Ok : ExitCodes.NonConformant;
        });
        return command;
    }
}

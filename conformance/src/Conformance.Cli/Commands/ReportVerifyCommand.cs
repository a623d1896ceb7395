using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Reports;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance report verify DIR [--trust-anchor FILE]...</c>: checks a sealed output folder: every digest of
/// REPORT-MANIFEST.sha256, files added since, and the RFC 3161 token over the manifest (imprint, signature, the TSU
/// certificate's timeStamping EKU and validity at genTime, and with --trust-anchor its chain to one of the anchors).
/// Exit 0 when all hold, 1 otherwise, 64 on usage errors.
/// </summary>
public static class ReportVerifyCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "Output folder of a run (holding report.json and REPORT-MANIFEST.sha256)" };
        var trustAnchor = new Option<string[]>("--trust-anchor")
        {
            Description = "CA certificate (PEM or DER; repeatable) the TSU certificate of the manifest's token must chain to at genTime",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("verify", "Verify a report folder's manifest, every digest in it and its RFC 3161 time-stamp token");
        command.Arguments.Add(directory);
        command.Options.Add(trustAnchor);
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

            IReadOnlyList<X509Certificate2> anchors;
            try
            {
                anchors = TrustAnchors.Load(parse.GetValue(trustAnchor) ?? []);
            }
            catch (ReportInputException e)
            {
                error.WriteLine($"--trust-anchor: {e.Message}");
                return ExitCodes.Usage;
            }

            SealVerification result = TamperEvidence.Verify(dir, anchors);
            foreach (string problem in result.Problems)
            {
                error.WriteLine($"FAIL  {problem}");
            }

            foreach (string note in result.Notes)
            {
                output.WriteLine($"      {note}");
            }

            string chain = anchors.Count == 0 ? "; chain NOT validated (no --trust-anchor)" : "; the TSU chain leads to a given trust anchor";
            output.WriteLine(result.Passed
                ? $"OK    {result.FilesChecked} file(s) match {TamperEvidence.ManifestName}; the token covers the manifest{chain}"
                : $"FAILED: {result.Problems.Count} problem(s) in {dir}");
            return result.Passed ? ExitCodes.Ok : ExitCodes.NonConformant;
        });
        return command;
    }
}

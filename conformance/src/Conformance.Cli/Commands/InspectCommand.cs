using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Conformance.Runner;
using Conformance.Runner.Inspection;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance inspect FILE|DIR...</c>: run the token-level scenarios (@token) offline over stored time-stamp
/// responses (.tsr) or tokens (.tst), in DER, PEM or base64; a compact table per file and the findings, each naming its
/// file. Same exit codes as <c>run</c>; a missing or unreadable input is a usage error (64) before anything runs.
/// </summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var suite = new SuiteOptions();
        var publishing = new ReportPublishing();
        var trustedLists = new TrustedListOptions();
        var files = new Argument<string[]>("FILE") { Description = "Stored TimeStampResp (.tsr) or TimeStampToken (.tst) files (DER, PEM or base64), or folders of them", Arity = ArgumentArity.OneOrMore };
        var data = new Option<string?>("--data") { Description = "The data the tokens are meant to time-stamp: each token's messageImprint must be its hash" };
        var command = new Command("inspect", "Check stored time-stamp tokens offline (token-level requirements). " + ExitCodes.HelpText);
        command.Arguments.Add(files);
        command.Options.Add(data);
        var anchors = new Option<string[]>("--trust-anchor")
        {
            Description = "Trust anchor for the TSU certificate's path (TSP-CERT-009): a PEM or DER certificate file (repeatable). Without one the chain is not checked, and the verdict says so",
        };
        command.Options.Add(anchors);
        suite.AddSelectionTo(command);
        suite.AddGateTo(command);
        command.Options.Add(suite.Out);
        publishing.AddTo(command);
        trustedLists.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            bool quiet = publishing.IsQuiet(parse);
            if (!suite.TryBuildSelection(parse, error, out ScenarioSelection selection, out int exit, SuiteOptions.DefaultProfile(qualifiedEndpoint: false)))
            {
                return exit;
            }

            if (!publishing.Validate(parse, error) || !suite.TryFailOn(parse, error, out FindingGrade failOn))
            {
                return ExitCodes.Usage;
            }

            if (await trustedLists.LoadAsync(parse, Conformance.TrustedLists.Authenticity.TrustedListSources.None, output, error, cancellationToken) is not { } lists)
            {
                return ExitCodes.Usage;
            }

            if (!InspectInputs.TryExpand(parse.GetValue(files) ?? [], error, out IReadOnlyList<string> inputs))
            {
                return ExitCodes.Usage;
            }

            if (!TrustAnchorFiles.TryLoad(parse.GetValue(anchors) ?? [], error, out X509Certificate2Collection trustAnchors))
            {
                return ExitCodes.Usage;
            }

            string? dataFile = parse.GetValue(data);
            if (dataFile is not null && !InspectInputs.Readable(dataFile, "--data", error))
            {
                return ExitCodes.Usage;
            }

            string outputDirectory = suite.OutputDirectory(parse);
            var options = new RunOptions
            {
                FeaturesDirectory = suite.FeaturesDirectory(parse),
                OutputDirectory = outputDirectory,
                Selection = selection,
                Weights = suite.Weights(parse),
                FailOn = failOn,
                TrustAnchors = trustAnchors,
                Progress = quiet ? Conformance.Runner.Progress.NoProgress.Instance : new Conformance.Runner.Progress.InputProgress(output),
                DataFile = dataFile is null ? null : Path.GetFullPath(dataFile),
                TrustedLists = lists,
            };
            int runnerExit = await InspectAndPrintAsync(inputs, options, output, quiet, cancellationToken);
            return await publishing.PublishAsync(parse, parse.GetValue(suite.Spec), outputDirectory, runnerExit, output, error, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// Inspects and prints the per-file table and summary. The scenario results went to report.json as the files finished;
    /// what is printed comes from the rows and aggregated findings the inspection kept (the renderers read report.json).
    /// </summary>
    private static async Task<int> InspectAndPrintAsync(IReadOnlyList<string> inputs, RunOptions options, TextWriter output, bool quiet, CancellationToken cancellationToken)
    {
        InspectionResult result = await ConformanceRunner.InspectFilesAsync(inputs, options, cancellationToken);
        InspectTable.Print(result, output, table: !quiet);
        foreach (InspectedFile input in result.Files.Where(i => i.ResponseStatus is not null))
        {
            output.WriteLine(RunSummary.Line($"{Path.GetFileName(input.File)}: the TSA said: {input.ResponseStatus}"));
        }

        return RunSummary.Print(result.Report, options.OutputDirectory, output, quiet);
    }
}

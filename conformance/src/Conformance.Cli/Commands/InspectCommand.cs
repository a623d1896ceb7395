using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Conformance.Runner;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance inspect FILE...</c>: run the token-level scenarios (@token) offline over stored time-stamp
/// responses (.tsr) or tokens (.tst), in DER, PEM or base64; results per file. Same exit codes as <c>run</c>.
/// </summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var suite = new SuiteOptions();
        var publishing = new ReportPublishing();
        var trustedLists = new TrustedListOptions();
        var files = new Argument<string[]>("FILE") { Description = "Stored TimeStampResp (.tsr) or TimeStampToken (.tst) files: DER, PEM or base64", Arity = ArgumentArity.OneOrMore };
        var anchors = new Option<string[]>("--trust-anchor")
        {
            Description = "Trust anchor for the TSU certificate's path (TSP-CERT-009): a PEM or DER certificate file (repeatable). Without one the chain is not checked, and the verdict says so",
        };
        var command = new Command("inspect", "Check stored time-stamp tokens offline (token-level requirements)");
        command.Arguments.Add(files);
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
            if (!suite.TryBuildSelection(parse, error, out ScenarioSelection selection, out int exit))
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

            if (!TrustAnchorFiles.TryLoad(parse.GetValue(anchors) ?? [], error, out X509Certificate2Collection trustAnchors))
            {
                return ExitCodes.Usage;
            }

            string[] inputs = parse.GetValue(files) ?? [];
            string outputDirectory = suite.OutputDirectory(parse);
            var options = new RunOptions
            {
                FeaturesDirectory = suite.FeaturesDirectory(parse),
                OutputDirectory = outputDirectory,
                Selection = selection,
                Weights = suite.Weights(parse),
                FailOn = failOn,
                TrustAnchors = trustAnchors,
                Progress = RunCommand.Progress(output),
                TrustedLists = lists,
            };
            RunReport report = await ConformanceRunner.InspectAsync(inputs, options, cancellationToken);

            output.WriteLine();
            foreach (InputResult input in report.Inputs)
            {
                string chain = VerdictRules.ChainNotChecked(input.Scenarios) ? $" ({VerdictRules.ChainNotCheckedNote})" : "";
                output.WriteLine(RunSummary.Line($"{input.File}: {RunSummary.VerdictText(input.Verdict)}{(input.Kind is null ? "" : $" ({input.Kind}, {input.Encoding})")}{chain}"));
                if (input.ResponseStatus is not null)
                {
                    output.WriteLine(RunSummary.Line($"  the TSA said: {input.ResponseStatus}"));
                }

                if (input.Error is not null)
                {
                    output.WriteLine(RunSummary.Line($"  {input.Error}"));
                }

                foreach (ScenarioResult scenario in input.Scenarios)
                {
                    string ids = scenario.RequirementIds.Count > 0 ? string.Join(",", scenario.RequirementIds) : "-";
                    string status = scenario.Status == ScenarioStatus.Failed ? RunSummary.Label(scenario).ToLowerInvariant() : scenario.Status.ToText();
                    output.WriteLine($"  {status,-14} {ids,-13} {RunSummary.Line(scenario.Name)}");
                    if (scenario.Status != ScenarioStatus.Passed && scenario.Message is not null)
                    {
                        output.WriteLine($"  {"",-14} {"",-13} {RunSummary.Line(scenario.Message)}");
                    }
                }
            }

            int runnerExit = RunSummary.Print(report, outputDirectory, output);
            return await publishing.PublishAsync(parse, parse.GetValue(suite.Spec), outputDirectory, runnerExit, output, error, cancellationToken);
        });
        return command;
    }
}

using System.CommandLine;
using Conformance.Runner.Host;
using Conformance.Runner.Selection;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance list</c>: dry run. Prints the scenarios a run with the same selection would execute, with
/// their requirement IDs, level and location; <c>--all</c> also shows the others and why they are left out.
/// </summary>
public static class ListCommand
{
    public static Command Create()
    {
        var suite = new SuiteOptions();
        var all = new Option<bool>("--all") { Description = "Also list scenarios the selection leaves out, with the reason" };
        var offline = new Option<bool>("--offline") { Description = "Select as inspect does: token-level (@token) scenarios only" };
        var command = new Command("list", "List the scenarios a run would execute, with requirement IDs (dry run)");
        suite.AddSelectionTo(command);
        command.Options.Add(all);
        command.Options.Add(offline);
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            if (!suite.TryBuildSelection(parse, error, out ScenarioSelection selection, out int exit, SuiteOptions.DefaultProfile(qualifiedEndpoint: false)))
            {
                return exit;
            }

            selection = selection with { TokenLevelOnly = parse.GetValue(offline) };
            string directory = suite.FeaturesDirectory(parse);
            FeatureSet features = FeatureLoader.LoadDirectory(directory);
            foreach (string problem in features.Errors)
            {
                error.WriteLine(problem);
            }

            int selected = 0, total = 0;
            foreach (ScenarioCase scenario in features.Scenarios)
            {
                total++;
                string? why = selection.WhyExcluded(scenario);
                if (why is null)
                {
                    selected++;
                }
                else if (!parse.GetValue(all))
                {
                    continue;
                }

                string ids = scenario.RequirementIds.Count > 0 ? string.Join(",", scenario.RequirementIds) : "-";
                string offlineMark = scenario.IsTokenLevel ? " [offline]" : "";
                output.WriteLine($"{ids,-14} {selection.SeverityOf(scenario),-6} {scenario.Location,-40} {scenario.DisplayName}{offlineMark}{(why is null ? "" : $"  (left out: {why})")}");
            }

            output.WriteLine($"{selected} of {total} scenario(s) selected from {directory}");
            return features.Errors.Count > 0 ? ExitCodes.Incomplete : ExitCodes.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using Conformance.Cli;
using Conformance.Cli.Commands;

// One line per verb group; each group lives in its own file under Commands/.
var root = new RootCommand("tsa-conformance: executable requirement catalogue and conformance suite for RFC 3161 / ETSI / eIDAS time-stamping services. " + ExitCodes.HelpText);
root.Subcommands.Add(CatalogueCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(ListCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(TrustedListCommand.Create());

return CliHost.Invoke(root, args, Console.Out, Console.Error);

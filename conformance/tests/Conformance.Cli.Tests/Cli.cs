using System.CommandLine;
using Conformance.Cli;
using Conformance.Cli.Commands;

namespace Conformance.Cli.Tests;

/// <summary>The verbs invoked in-process exactly as Program.cs wires them.</summary>
internal static class Cli
{
    public static (int Exit, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CliHost.Invoke(root, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}

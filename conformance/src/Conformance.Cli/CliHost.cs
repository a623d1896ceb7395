using System.CommandLine;
using Conformance.Cli.Commands;

namespace Conformance.Cli;

/// <summary>Exit codes shared by every verb (see the README).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int NonConformant = 1;
    /// <summary>Incomplete: the catalogue is invalid, or mandatory checks could not run.</summary>
    public const int Incomplete = 2;
    /// <summary>Usage error (EX_USAGE): unknown option, missing argument, unknown ID or profile.</summary>
    public const int Usage = 64;

    /// <summary>The exit codes as --help shows them.</summary>
    public const string HelpText =
        "Exit codes: 0 conformant; 1 non-conformant (a nonconformity, or what --fail-on names); "
        + "2 incomplete or error (a check could not run, the pre-flight failed, a report writer failed); 64 usage error (bad option, missing or unreadable input, bad target file).";
}

/// <summary>Parses and invokes the command tree; parse errors become exit code 64 with the parser's messages.</summary>
public static class CliHost
{
    /// <summary>The tsa-conformance command tree: one line per verb group, each group in its own file under Commands/.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("tsa-conformance: executable requirement catalogue and conformance suite for RFC 3161 / ETSI / eIDAS time-stamping services. " + ExitCodes.HelpText);
        root.Subcommands.Add(CatalogueCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(TrustedListCommand.Create());
        return root;
    }

    public static int Invoke(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine(e.Message);
            }

            error.WriteLine("Run with --help for usage.");
            return ExitCodes.Usage;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}

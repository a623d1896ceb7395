namespace Conformance.Cli.Tests;

/// <summary>
/// The tsa-conformance verbs invoked in-process with the command tree Program.cs runs (<see cref="CliHost.CreateRoot"/>),
/// output and error captured. The one such helper of the test projects: the suite and trusted-list tests link this file.
/// </summary>
internal static class Cli
{
    public static (int Exit, string Output, string Error) Invoke(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = CliHost.Invoke(CliHost.CreateRoot(), args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}

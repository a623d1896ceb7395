using Conformance.Cli;

return CliHost.Invoke(CliHost.CreateRoot(), args, Console.Out, Console.Error);

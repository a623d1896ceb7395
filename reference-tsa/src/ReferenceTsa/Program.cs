using System.CommandLine;
using ReferenceTsa.Commands;

var root = new RootCommand("Reference RFC 3161 / ETSI EN 319 422 time-stamping authority")
{
    ServeCommand.Create(),
    DevInitCommand.Create(),
    KeysCommand.Create(),
    AuditCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

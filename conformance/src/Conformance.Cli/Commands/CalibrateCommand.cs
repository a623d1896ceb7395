using System.CommandLine;
using Conformance.Runner.Calibration;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance catalogue calibrate --tokens DIR [--profile P] [--out FILE]</c>: inspect every stored token of DIR
/// under a profile and write the calibration table (docs/calibration.md): per check its level, source and confidence and
/// its result on every token, the verdict per token, and the defence of every nonconformity on a token from an EU/EEA TSA.
/// Exit codes: 0 written, 2 the catalogue is invalid or the folder holds no token, 64 usage error.
/// </summary>
public static class CalibrateCommand
{
    public static Command Create(Option<string?> spec)
    {
        var tokens = new Option<string>("--tokens") { Description = "Folder of stored tokens (.tst, .tsr) from real TSAs", Required = true };
        var profile = new Option<string>("--profile") { Description = "Profile to judge them under (default etsi)", DefaultValueFactory = _ => "etsi" };
        var output = new Option<string?>("--out") { Description = "Write the Markdown table here (e.g. docs/calibration.md) instead of standard output" };
        var command = new Command("calibrate", "Judge every real token of a folder and write the calibration table (Markdown)");
        command.Options.Add(tokens);
        command.Options.Add(profile);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            string? specOption = parse.GetValue(spec);
            if (CatalogueCommand.TryLoad(specOption, error, out var catalogue) is var exit && catalogue is null)
            {
                return exit;
            }

            string profileId = parse.GetValue(profile)!;
            if (catalogue.FindProfile(profileId) is null)
            {
                error.WriteLine($"unknown profile '{profileId}' (known: {string.Join(", ", catalogue.Profiles.Select(p => p.Id))})");
                return ExitCodes.Usage;
            }

            string folder = parse.GetValue(tokens)!;
            if (!Directory.Exists(folder) || CalibrationRun.TokenFiles(folder).Count == 0)
            {
                error.WriteLine($"--tokens {folder}: no .tst or .tsr file there");
                return ExitCodes.Incomplete;
            }

            string specDirectory = CatalogueCommand.LocateSpec(specOption, error)!;
            string work = Directory.CreateTempSubdirectory("tsa-conformance-calibrate-").FullName;
            try
            {
                var results = await CalibrationRun.RunAsync(folder, catalogue, specDirectory, profileId, work, cancellationToken);
                string table = CalibrationTable.Render(catalogue, profileId, results, CalibrationTable.CommandLine(profileId));
                if (parse.GetValue(output) is { } file)
                {
                    await File.WriteAllTextAsync(file, table, cancellationToken);
                    stdout.WriteLine($"Wrote {file}: {results.Count} token(s) under profile {profileId}");
                }
                else
                {
                    stdout.Write(table);
                }

                return ExitCodes.Ok;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        });
        return command;
    }
}

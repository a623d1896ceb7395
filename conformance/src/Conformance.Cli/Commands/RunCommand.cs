using System.CommandLine;
using Conformance.Checks.Transport;
using Conformance.Runner;
using Conformance.Runner.Preflight;
using Conformance.Runner.Progress;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;
using Conformance.Runner.Targets;
using Conformance.Steps.Context;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance run</c>: execute the selected scenarios against a live RFC 3161 endpoint.
/// Exit codes: 0 conformant, 1 non-conformant, 2 incomplete, 64 usage error.
/// </summary>
public static class RunCommand
{
    /// <summary>Written beside report.json by a run against the reference TSA.</summary>
    public const string ReferenceRootCaFileName = "reference-tsa-root-ca.pem";

    public static Command Create()
    {
        var suite = new SuiteOptions();
        var publishing = new ReportPublishing();
        var time = new TimeOptions();
        var own = new OwnTsaOptions();
        var trustedLists = new TrustedListOptions();
        var url = new Option<string?>("--url") { Description = "Time-stamping endpoint (non-qualified policy), e.g. https://tsa.example/tsa" };
        var qualifiedUrl = new Option<string?>("--qualified-url") { Description = "Endpoint issuing qualified time-stamps (EN 319 422 §9.1)" };
        var target = new Option<string?>("--target")
        {
            Description = "Target file (YAML: URLs, declared policies and accuracy, auth, TLS, timeouts, rate limit), or 'reference' to start the reference TSA for the run",
        };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds allowed for one HTTP exchange (default 30, or the target file's timeouts.request)" };
        var parallel = new Option<int?>("--parallel") { Description = "Features run at the same time (default: 2 x cores, at most 8)" };

        var command = new Command("run", "Run the conformance scenarios against a time-stamping service. " + ExitCodes.HelpText);
        command.Options.Add(url);
        command.Options.Add(qualifiedUrl);
        command.Options.Add(target);
        suite.AddSelectionTo(command);
        suite.AddGateTo(command);
        command.Options.Add(suite.Out);
        command.Options.Add(timeout);
        command.Options.Add(parallel);
        time.AddTo(command);
        own.AddTo(command);
        publishing.AddTo(command);
        trustedLists.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            bool quiet = publishing.IsQuiet(parse);
            if (!publishing.Validate(parse, error) || !suite.TryFailOn(parse, error, out FindingGrade failOn))
            {
                return ExitCodes.Usage;
            }

            ReferenceTarget? reference = null;
            try
            {
                TargetDefinition? definition;
                string? targetValue = parse.GetValue(target);
                bool isReference = string.Equals(targetValue, "reference", StringComparison.Ordinal);
                if (isReference)
                {
                    if (parse.GetValue(url) is not null || parse.GetValue(qualifiedUrl) is not null)
                    {
                        error.WriteLine("--target reference starts its own service; do not combine it with --url or --qualified-url");
                        return ExitCodes.Usage;
                    }

                    definition = null;
                }
                else if (!TryTarget(targetValue, parse.GetValue(url), parse.GetValue(qualifiedUrl), error, out definition))
                {
                    return ExitCodes.Usage;
                }

                // The embedded reference TSA always serves a qualified endpoint.
                string defaultProfile = SuiteOptions.DefaultProfile(isReference || definition!.QualifiedUrl is not null);
                if (!suite.TryBuildSelection(parse, error, out ScenarioSelection selection, out int exit, defaultProfile))
                {
                    return exit;
                }

                if (isReference)
                {
                    output.WriteLine("Starting the reference TSA (embedded default) on a free loopback port ...");
                    reference = await ReferenceTarget.StartAsync(cancellationToken);
                    if (reference.Warning is { } warning)
                    {
                        error.WriteLine(warning);
                    }

                    definition = reference.Target;
                }

                if (!own.TryApply(parse, definition!, ownInstance: isReference, error, out definition))
                {
                    return ExitCodes.Usage;
                }

                if (definition.Hsm is not null && !selection.WhiteBox && !selection.RequirementIds.Any(id => id.StartsWith("TSP-REF", StringComparison.OrdinalIgnoreCase)))
                {
                    error.WriteLine($"warning: the target declares an hsm: section, but profile {selection.Profile ?? "(none)"} runs no white-box check, so it is not used "
                        + "(TSP-REF-004 runs under --profile reference-tsa or --req TSP-REF-004)");
                }

                if (parse.GetValue(timeout) is { } seconds)
                {
                    if (seconds <= 0)
                    {
                        error.WriteLine($"--timeout must be a positive number of seconds, not {seconds}");
                        return ExitCodes.Usage;
                    }

                    definition = definition! with { Http = definition.Http with { RequestTimeout = TimeSpan.FromSeconds(seconds) } };
                }

                if (!time.TryApply(parse, definition!, output, error, out definition))
                {
                    return ExitCodes.Usage;
                }

                if (await trustedLists.LoadAsync(parse, definition!.TrustedListSources, output, error, cancellationToken) is not { } lists)
                {
                    return ExitCodes.Usage;
                }

                definition = definition with { TrustedLists = lists };

                if (!parse.GetValue(own.NoPreflight))
                {
                    PreflightResult preflight = await TargetPreflight.CheckAsync(definition!, cancellationToken);
                    if (!preflight.Passed)
                    {
                        error.WriteLine($"pre-flight failed, no scenario was run and no report written: {preflight.Message}");
                        return ExitCodes.Incomplete;
                    }

                    foreach (PreflightEndpoint endpoint in preflight.Endpoints.Where(e => e.Note is not null))
                    {
                        error.WriteLine($"pre-flight: {endpoint.Note}");
                    }
                }

                string outputDirectory = suite.OutputDirectory(parse);
                if (!quiet)
                {
                    output.WriteLine($"Profile:  {selection.Profile ?? "none (scenarios selected by tag and --req)"}; rate limit: "
                        + (definition!.Http.MaxRequestsPerSecond is { } rate ? $"{rate.ToString(System.Globalization.CultureInfo.InvariantCulture)} requests/s" : "none"));
                }

                var options = new RunOptions
                {
                    FeaturesDirectory = suite.FeaturesDirectory(parse),
                    OutputDirectory = outputDirectory,
                    Selection = selection,
                    Weights = suite.Weights(parse),
                    ProfilePolicyOids = suite.ProfilePolicyOids(parse),
                    FailOn = failOn,
                    Progress = quiet ? NoProgress.Instance : Progress(output),
                    MaxParallelFeatures = parse.GetValue(parallel) is > 0 and var n ? n : RunOptions.DefaultParallelism,
                };
                RunReport report = await ConformanceRunner.RunAsync(definition!, options, cancellationToken);
                int runnerExit = RunSummary.Print(report, outputDirectory, output, quiet);
                if (reference is not null)
                {
                    // The reference TSA's throw-away dev root CA: the only anchor `report verify --trust-anchor` can check this folder's seal against.
                    string anchor = Path.Combine(outputDirectory, ReferenceRootCaFileName);
                    File.Copy(reference.Target.TrustAnchorFiles[0], anchor, overwrite: true);
                    if (!quiet)
                    {
                        output.WriteLine($"Anchor:   {anchor} (dev root CA of the reference TSA, for report verify --trust-anchor)");
                    }
                }

                // Before the reference TSA stops: with --stamp-with target its endpoint time-stamps the report manifest.
                return await publishing.PublishAsync(parse, parse.GetValue(suite.Spec), outputDirectory, runnerExit, output, error, cancellationToken,
                    definition!.Http.ServerTrustAnchors);
            }
            finally
            {
                if (reference is not null)
                {
                    await reference.DisposeAsync();
                }
            }
        });
        return command;
    }

    internal static IRunProgress Progress(TextWriter output) =>
        ReferenceEquals(output, Console.Out) ? ConsoleProgress.ForConsole() : new ConsoleProgress(output, interactive: false);

    private static bool TryTarget(string? file, string? url, string? qualifiedUrl, TextWriter error, out TargetDefinition? target)
    {
        target = null;
        if (file is not null)
        {
            try
            {
                target = TargetFileLoader.Load(file);
            }
            catch (TargetFileException e)
            {
                foreach (string message in e.Errors)
                {
                    error.WriteLine(message);
                }

                return false;
            }

            // Command-line URLs override the file's.
            if (!TryUrl("--url", url, error, out Uri? u) || !TryUrl("--qualified-url", qualifiedUrl, error, out Uri? q))
            {
                return false;
            }

            target = target with { Url = u ?? target.Url, QualifiedUrl = q ?? target.QualifiedUrl };
            return true;
        }

        if (url is null && qualifiedUrl is null)
        {
            error.WriteLine("nothing to test: give --url URL, --qualified-url URL, --target FILE or --target reference");
            return false;
        }

        if (!TryUrl("--url", url, error, out Uri? plain) || !TryUrl("--qualified-url", qualifiedUrl, error, out Uri? qualified))
        {
            return false;
        }

        target = TargetDefinition.FromUrls(plain, qualified, new TsaHttpOptions());
        return true;
    }

    private static bool TryUrl(string option, string? text, TextWriter error, out Uri? uri)
    {
        uri = null;
        if (text is null)
        {
            return true;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out uri) && uri.Scheme is "http" or "https")
        {
            return true;
        }

        error.WriteLine($"{option}: '{text}' is not an absolute http:// or https:// URL");
        return false;
    }
}

using System.CommandLine;
using Conformance.Checks.Transport;
using Conformance.Runner;
using Conformance.Runner.Preflight;
using Conformance.Runner.Progress;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;
using Conformance.Runner.Targets;
using Conformance.Steps.Context;
using Conformance.Targets.Reference;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance run</c>: execute the selected scenarios against a live RFC 3161 endpoint.
/// Exit codes: 0 conformant, 1 non-conformant, 2 incomplete, 64 usage error.
/// </summary>
public static class RunCommand
{
    /// <summary>Written beside report.json by a run against the reference TSA.</summary>
    public const string ReferenceRootCaFileName = "reference-tsa-root-ca.pem";

    public static Command Create() => new RunVerb().Command;

    /// <summary>The options of <c>run</c> and what it does with them, one step per method.</summary>
    private sealed class RunVerb
    {
        private readonly SuiteOptions _suite = new();
        private readonly ReportPublishing _publishing = new();
        private readonly TimeOptions _time = new();
        private readonly OwnTsaOptions _own = new();
        private readonly TrustedListOptions _trustedLists = new();
        private readonly Option<string?> _url = new("--url") { Description = "Time-stamping endpoint (non-qualified policy), e.g. https://tsa.example/tsa" };
        private readonly Option<string?> _qualifiedUrl = new("--qualified-url") { Description = "Endpoint issuing qualified time-stamps (EN 319 422 §9.1)" };
        private readonly Option<string?> _target = new("--target")
        {
            Description = "Target file (YAML: URLs, declared policies and accuracy, auth, TLS, timeouts, rate limit), or 'reference' to start the reference TSA for the run",
        };
        private readonly Option<double?> _timeout = new("--timeout") { Description = "Seconds allowed for one HTTP exchange (default 30, or the target file's timeouts.request)" };
        private readonly Option<int?> _parallel = new("--parallel") { Description = "Features run at the same time (default: 2 x cores, at most 8)" };

        public RunVerb()
        {
            Command = new Command("run", "Run the conformance scenarios against a time-stamping service. " + ExitCodes.HelpText);
            Command.Options.Add(_url);
            Command.Options.Add(_qualifiedUrl);
            Command.Options.Add(_target);
            _suite.AddSelectionTo(Command);
            _suite.AddGateTo(Command);
            Command.Options.Add(_suite.Out);
            Command.Options.Add(_timeout);
            Command.Options.Add(_parallel);
            _time.AddTo(Command);
            _own.AddTo(Command);
            _publishing.AddTo(Command);
            _trustedLists.AddTo(Command);
            Command.SetAction(ExecuteAsync);
        }

        public Command Command { get; }

        private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            if (!_publishing.Validate(parse, error) || !_suite.TryFailOn(parse, error, out FindingGrade failOn))
            {
                return ExitCodes.Usage;
            }

            ReferenceTarget? reference = null;
            try
            {
                bool isReference = string.Equals(parse.GetValue(_target), "reference", StringComparison.Ordinal);
                if (!TryResolveTarget(parse, isReference, error, out TargetDefinition? definition))
                {
                    return ExitCodes.Usage;
                }

                // The embedded reference TSA always serves a qualified endpoint.
                string defaultProfile = SuiteOptions.DefaultProfile(isReference || definition!.QualifiedUrl is not null);
                if (!_suite.TryBuildSelection(parse, error, out ScenarioSelection selection, out int exit, defaultProfile))
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

                definition = await PrepareAsync(parse, definition!, isReference, selection, cancellationToken);
                if (definition is null)
                {
                    return ExitCodes.Usage;
                }

                if (!parse.GetValue(_own.NoPreflight) && !await PreflightAsync(definition, error, cancellationToken))
                {
                    return ExitCodes.Incomplete;
                }

                return await RunAndPublishAsync(parse, definition, selection, failOn, reference, cancellationToken);
            }
            finally
            {
                if (reference is not null)
                {
                    await reference.DisposeAsync();
                }
            }
        }

        /// <summary>The target file or URLs; null for <c>--target reference</c>, which is started once the selection is known.</summary>
        private bool TryResolveTarget(ParseResult parse, bool isReference, TextWriter error, out TargetDefinition? definition)
        {
            definition = null;
            if (!isReference)
            {
                return TryTarget(parse.GetValue(_target), parse.GetValue(_url), parse.GetValue(_qualifiedUrl), error, out definition);
            }

            if (parse.GetValue(_url) is not null || parse.GetValue(_qualifiedUrl) is not null)
            {
                error.WriteLine("--target reference starts its own service; do not combine it with --url or --qualified-url");
                return false;
            }

            return true;
        }

        /// <summary>The command-line flags applied over the target, and its trusted lists loaded; null after a usage error.</summary>
        private async Task<TargetDefinition?> PrepareAsync(ParseResult parse, TargetDefinition definition, bool isReference, ScenarioSelection selection,
            CancellationToken cancellationToken)
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            if (!_own.TryApply(parse, definition, ownInstance: isReference, error, out definition))
            {
                return null;
            }

            if (definition.Hsm is not null && !selection.WhiteBox && !selection.RequirementIds.Any(id => id.StartsWith("TSP-REF", StringComparison.OrdinalIgnoreCase)))
            {
                error.WriteLine($"warning: the target declares an hsm: section, but profile {selection.Profile ?? "(none)"} runs no white-box check, so it is not used "
                    + "(TSP-REF-004 runs under --profile reference-tsa or --req TSP-REF-004)");
            }

            if (parse.GetValue(_timeout) is { } seconds)
            {
                if (seconds <= 0)
                {
                    error.WriteLine($"--timeout must be a positive number of seconds, not {seconds}");
                    return null;
                }

                definition = definition with { Http = definition.Http with { RequestTimeout = TimeSpan.FromSeconds(seconds) } };
            }

            if (!_time.TryApply(parse, definition, output, error, out definition))
            {
                return null;
            }

            return await _trustedLists.LoadAsync(parse, definition.TrustedListSources, output, error, cancellationToken) is { } lists
                ? definition with { TrustedLists = lists }
                : null;
        }

        /// <summary>One valid request to each endpoint before any scenario; false (exit 2, no report) when one gets no TimeStampResp.</summary>
        private static async Task<bool> PreflightAsync(TargetDefinition definition, TextWriter error, CancellationToken cancellationToken)
        {
            PreflightResult preflight = await TargetPreflight.CheckAsync(definition, cancellationToken);
            if (!preflight.Passed)
            {
                error.WriteLine($"pre-flight failed, no scenario was run and no report written: {preflight.Message}");
                return false;
            }

            foreach (PreflightEndpoint endpoint in preflight.Endpoints.Where(e => e.Note is not null))
            {
                error.WriteLine($"pre-flight: {endpoint.Note}");
            }

            return true;
        }

        private async Task<int> RunAndPublishAsync(ParseResult parse, TargetDefinition definition, ScenarioSelection selection, FindingGrade failOn,
            ReferenceTarget? reference, CancellationToken cancellationToken)
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            bool quiet = _publishing.IsQuiet(parse);
            string outputDirectory = _suite.OutputDirectory(parse);
            if (!quiet)
            {
                output.WriteLine($"Profile:  {selection.Profile ?? "none (scenarios selected by tag and --req)"}; rate limit: "
                    + (definition.Http.MaxRequestsPerSecond is { } rate ? $"{rate.ToString(System.Globalization.CultureInfo.InvariantCulture)} requests/s" : "none"));
            }

            var options = new RunOptions
            {
                FeaturesDirectory = _suite.FeaturesDirectory(parse),
                OutputDirectory = outputDirectory,
                Selection = selection,
                Weights = _suite.Weights(parse),
                ProfilePolicyOids = _suite.ProfilePolicyOids(parse),
                FailOn = failOn,
                Progress = quiet ? NoProgress.Instance : Progress(output),
                MaxParallelFeatures = parse.GetValue(_parallel) is > 0 and var n ? n : RunOptions.DefaultParallelism,
            };
            RunReport report = await ConformanceRunner.RunAsync(definition, options, cancellationToken);
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
            return await _publishing.PublishAsync(parse, parse.GetValue(_suite.Spec), outputDirectory, runnerExit, output, error, cancellationToken,
                definition.Http.ServerTrustAnchors);
        }
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

using System.CommandLine;
using Conformance.Catalogue;
using Conformance.Runner;
using Conformance.Runner.Grading;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;

namespace Conformance.Cli.Commands;

/// <summary>Selection and output options shared by <c>run</c>, <c>inspect</c> and <c>list</c>.</summary>
internal sealed class SuiteOptions
{
    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "Run the requirements of this catalogue profile (rfc3161, etsi, eu-qualified, reference-tsa; none for tag-only selection); levels come from the profile. Default: eu-qualified when a qualified URL is given, else etsi (none when --req names requirements)",
    };

    public Option<string[]> Tags { get; } = new("--tag")
    {
        Description = "Only scenarios with this tag (repeatable; ~tag or not:tag excludes)",
    };

    public Option<string[]> Requirements { get; } = new("--req")
    {
        Description = "Only scenarios checking this requirement ID (repeatable; TSP-REQ-* selects a group; an exact ID runs even at SHOULD level)",
    };

    public Option<bool> Strict { get; } = new("--strict")
    {
        Description = "Count observations (failed SHOULD checks, unverified readings) as nonconformities, for CI gates; every applicable check runs with or without it",
    };

    public Option<string?> FailOn { get; } = new("--fail-on")
    {
        Description = "Which grade makes the exit code 1: nonconformity (default) or observation",
    };

    public Option<string?> Out { get; } = new("--out")
    {
        Description = "Output folder for report.json, junit.xml and evidence/ (default: a new timestamped folder under ./tsa-conformance-out)",
    };

    public Option<string?> Spec { get; } = new("--spec")
    {
        Description = "Directory holding requirements/, profiles/ and features/ (default: the nearest spec/ above the working directory or the tool)",
    };

    public Option<string?> Features { get; } = new("--features")
    {
        Description = "Directory of .feature files (default: <spec>/features, else the copy shipped with the tool)",
    };

    public void AddSelectionTo(Command command)
    {
        command.Options.Add(Profile);
        command.Options.Add(Tags);
        command.Options.Add(Requirements);
        command.Options.Add(Strict);
        command.Options.Add(Spec);
        command.Options.Add(Features);
    }

    /// <summary>Adds --fail-on (run and inspect).</summary>
    public void AddGateTo(Command command) => command.Options.Add(FailOn);

    /// <summary>Parses --fail-on; false (usage error, message written) for anything but nonconformity or observation.</summary>
    public bool TryFailOn(ParseResult parse, TextWriter error, out FindingGrade failOn) => TryParseFailOn(parse.GetValue(FailOn), error, out failOn);

    public static bool TryParseFailOn(string? text, TextWriter error, out FindingGrade failOn)
    {
        failOn = FindingGrade.Nonconformity;
        switch (text)
        {
            case null or "nonconformity":
                return true;
            case "observation":
                failOn = FindingGrade.Observation;
                return true;
            default:
                error.WriteLine($"--fail-on: '{text}' is not one of nonconformity, observation");
                return false;
        }
    }

    /// <summary>Level and confidence of every requirement, from the catalogue the run selects from, resolved for --profile.</summary>
    public RequirementWeights Weights(ParseResult parse) => RequirementWeights.Load(parse.GetValue(Spec), parse.GetValue(Profile));

    /// <summary>The policy OIDs --profile names (policy_oids); empty without a profile or a readable catalogue.</summary>
    public IReadOnlyList<string> ProfilePolicyOids(ParseResult parse)
    {
        string? spec = SpecDirectoryLocator.Locate(parse.GetValue(Spec), Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (parse.GetValue(Profile) is not { } profile || spec is null || CatalogueLoader.Load(spec) is not { IsValid: true } loaded
            || loaded.Catalogue.FindProfile(profile) is null)
        {
            return [];
        }

        return loaded.Catalogue.Resolve(profile).Parameters.PolicyOids ?? [];
    }

    public string FeaturesDirectory(ParseResult parse)
    {
        if (parse.GetValue(Features) is { } explicitDirectory)
        {
            return Path.GetFullPath(explicitDirectory);
        }

        string? spec = SpecDirectoryLocator.Locate(parse.GetValue(Spec), Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (spec is not null && Directory.Exists(Path.Combine(spec, "features")))
        {
            return Path.Combine(spec, "features");
        }

        return RunOptions.DefaultFeaturesDirectory;
    }

    public string OutputDirectory(ParseResult parse) =>
        parse.GetValue(Out) is { } directory ? Path.GetFullPath(directory) : RunOptions.NewTimestampedOutputDirectory();

    /// <summary>
    /// Builds the selection. With --profile the catalogue decides which requirements run and at which level; an
    /// unknown profile is a usage error, an invalid catalogue makes the run impossible (exit 2).
    /// </summary>
    /// <param name="defaultProfile">
    /// The profile used when neither --profile nor --req is given (etsi, or eu-qualified when a qualified URL is given);
    /// null keeps the tag-only selection.
    /// </param>
    public bool TryBuildSelection(ParseResult parse, TextWriter error, out ScenarioSelection selection, out int exitCode, string? defaultProfile = null)
    {
        selection = new ScenarioSelection
        {
            Tags = parse.GetValue(Tags) ?? [],
            RequirementIds = parse.GetValue(Requirements) ?? [],
            Strict = parse.GetValue(Strict),
        };
        exitCode = ExitCodes.Ok;
        string? profile = parse.GetValue(Profile);
        bool byDefault = false;
        if (profile is null && selection.RequirementIds.Count == 0 && defaultProfile is not null)
        {
            profile = defaultProfile;
            byDefault = true;
        }

        if (profile is null || profile == NoProfile)
        {
            return true;
        }

        string? spec = SpecDirectoryLocator.Locate(parse.GetValue(Spec), Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (spec is null && byDefault)
        {
            error.WriteLine($"warning: no spec/ directory found, so the default profile {profile} cannot be resolved; scenarios are selected by their tags only");
            return true;
        }

        if (spec is null)
        {
            error.WriteLine("--profile needs the requirement catalogue, but no spec/ directory was found; give --spec DIR");
            exitCode = ExitCodes.Usage;
            return false;
        }

        CatalogueLoadResult loaded = CatalogueLoader.Load(spec);
        if (!loaded.IsValid)
        {
            foreach (var problem in loaded.Errors)
            {
                error.WriteLine(problem);
            }

            error.WriteLine($"the catalogue in {spec} is invalid; profile '{profile}' cannot be resolved");
            exitCode = ExitCodes.Incomplete;
            return false;
        }

        Conformance.Catalogue.Catalogue catalogue = loaded.Catalogue;
        if (catalogue.FindProfile(profile) is null)
        {
            error.WriteLine($"unknown profile '{profile}' (known: {string.Join(", ", catalogue.Profiles.Select(p => p.Id))})");
            exitCode = ExitCodes.Usage;
            return false;
        }

        selection = ProfileSelection.Apply(selection, catalogue, profile);
        return true;
    }

    /// <summary>--profile none: no profile, scenarios selected by their tags (@must, or all with --strict) and --req only.</summary>
    public const string NoProfile = "none";

    /// <summary>
    /// The default profile: a run is judged against ETSI EN 319 421/422 (etsi); when a qualified endpoint is declared the
    /// service claims to be qualified, so the eIDAS requirements apply too (eu-qualified, MUST-Q becomes MUST).
    /// </summary>
    public static string DefaultProfile(bool qualifiedEndpoint) => qualifiedEndpoint ? "eu-qualified" : "etsi";
}

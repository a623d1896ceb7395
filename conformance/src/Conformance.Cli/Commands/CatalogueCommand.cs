using System.CommandLine;
using System.Globalization;
using Conformance.Catalogue;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance catalogue list|show|coverage|lint|calibrate</c>: read the requirement catalogue in spec/ (calibrate: see <see cref="CalibrateCommand"/>).
/// Exit codes: 0 ok, 2 the catalogue is invalid (every <c>file:line: message</c> is printed), 64 usage error.
/// </summary>
public static class CatalogueCommand
{
    public static Command Create()
    {
        var spec = new Option<string?>("--spec")
        {
            Description = "Directory holding requirements/, profiles/, crypto/ (default: the nearest spec/ above the working directory or the tool)",
            Recursive = true,
        };

        var command = new Command("catalogue", "Browse and check the requirement catalogue (spec/)");
        command.Options.Add(spec);
        command.Subcommands.Add(List(spec));
        command.Subcommands.Add(Show(spec));
        command.Subcommands.Add(Coverage(spec));
        command.Subcommands.Add(Lint(spec));
        command.Subcommands.Add(CalibrateCommand.Create(spec));
        return command;
    }

    /// <summary>The filters of <c>catalogue list</c>.</summary>
    private sealed record ListFilters(Option<string?> Profile, Option<string?> Kind, Option<string?> Source, Option<string?> Level, Option<string?> AsOf);

    private static Command List(Option<string?> spec)
    {
        var filters = new ListFilters(
            Profile: new("--profile") { Description = "Only requirements selected by this profile (rfc3161, etsi, eu-qualified, reference-tsa)" },
            Kind: new("--kind") { Description = "Only this kind: automated, attested or both" },
            Source: new("--source") { Description = "Only requirements from this source document key (e.g. EN319421, RFC3161); case-insensitive" },
            Level: new("--level") { Description = "Only this level: MUST, SHOULD, MUST-Q, MAY, INFO" },
            AsOf: new("--as-of") { Description = "Only requirements in force on this date (YYYY-MM-DD), per effective_from / until" });
        var command = new Command("list", "List requirements, one per line: ID, level, kind, source, title");
        command.Options.Add(filters.Profile);
        command.Options.Add(filters.Kind);
        command.Options.Add(filters.Source);
        command.Options.Add(filters.Level);
        command.Options.Add(filters.AsOf);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (TryLoad(parse.GetValue(spec), error, out var catalogue) is var exit && catalogue is null)
            {
                return exit;
            }

            if (!TrySelect(parse, catalogue, filters, error, out List<Requirement> rows, out ResolvedProfile? resolved))
            {
                return ExitCodes.Usage;
            }

            var idWidth = rows.Count == 0 ? 2 : rows.Max(r => r.Id.Length);
            foreach (var r in rows)
            {
                var lvl = resolved?.EffectiveLevel(r)?.ToText() ?? r.Level.ToText();
                output.WriteLine($"{r.Id.PadRight(idWidth)}  {lvl,-6}  {r.Kind.ToText(),-9}  {r.Source.Citation}  {r.Title}");
            }

            output.WriteLine($"{rows.Count} requirement(s)");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The requirements the filters keep, in catalogue (or profile) order; false with a message on a bad filter value.</summary>
    private static bool TrySelect(ParseResult parse, Catalogue.Catalogue catalogue, ListFilters filters, TextWriter error,
        out List<Requirement> rows, out ResolvedProfile? resolved)
    {
        rows = [];
        resolved = null;
        DateOnly? day = null;
        if (parse.GetValue(filters.AsOf) is { } dayText)
        {
            if (!DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                error.WriteLine($"--as-of {dayText}: expected a date written as YYYY-MM-DD");
                return false;
            }

            day = d;
        }

        IEnumerable<Requirement> selected = day is { } onDay ? catalogue.Requirements.Where(r => r.IsInForceOn(onDay)) : catalogue.Requirements;
        if (parse.GetValue(filters.Profile) is { } p)
        {
            if (catalogue.FindProfile(p) is null)
            {
                error.WriteLine($"unknown profile '{p}' (known: {string.Join(", ", catalogue.Profiles.Select(x => x.Id))})");
                return false;
            }

            resolved = catalogue.Resolve(p, day);
            selected = resolved.Requirements;
        }

        if (parse.GetValue(filters.Kind) is { } k)
        {
            if (!RequirementKinds.TryParse(k, out var wanted))
            {
                error.WriteLine($"unknown kind '{k}' (use {RequirementKinds.Allowed})");
                return false;
            }

            selected = selected.Where(r => r.Kind == wanted);
        }

        if (parse.GetValue(filters.Source) is { } s)
        {
            if (!catalogue.Documents.Any(d => string.Equals(d.Key, s, StringComparison.OrdinalIgnoreCase)))
            {
                error.WriteLine($"unknown source document '{s}' (known: {string.Join(", ", catalogue.Documents.Select(d => d.Key))})");
                return false;
            }

            selected = selected.Where(r => string.Equals(r.Source.Document, s, StringComparison.OrdinalIgnoreCase));
        }

        if (parse.GetValue(filters.Level) is { } l)
        {
            if (!RequirementLevels.TryParse(l, out var wantedLevel))
            {
                error.WriteLine($"unknown level '{l}' (use {RequirementLevels.Allowed})");
                return false;
            }

            selected = selected.Where(r => r.Level == wantedLevel);
        }

        rows = [.. selected];
        return true;
    }

    private static Command Show(Option<string?> spec)
    {
        var id = new Argument<string>("id") { Description = "Requirement ID, e.g. TSP-TST-008 or EN319421-TIS-7.7.2-03" };
        var command = new Command("show", "Show one requirement in full: source clause, level, kind, profiles, statement, evidence, links");
        command.Arguments.Add(id);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (TryLoad(parse.GetValue(spec), error, out var catalogue) is var exit && catalogue is null)
            {
                return exit;
            }

            var wanted = parse.GetValue(id)!;
            var r = catalogue.Find(wanted);
            if (r is null)
            {
                // Also accept a document's own requirement ID (e.g. TIS-7.7.2-03), if it is unambiguous.
                var bySourceId = catalogue.Requirements.Where(x => string.Equals(x.Source.Ref, wanted, StringComparison.Ordinal)).ToList();
                if (bySourceId.Count > 1)
                {
                    error.WriteLine($"'{wanted}' is cited by several documents; show one of: {string.Join(", ", bySourceId.Select(x => $"{x.Id} ({x.Source.Document})"))}");
                    return ExitCodes.Usage;
                }

                r = bySourceId.SingleOrDefault();
            }

            if (r is null)
            {
                error.WriteLine($"no requirement '{wanted}' in the catalogue (try: tsa-conformance catalogue list)");
                return ExitCodes.Usage;
            }

            var doc = catalogue.Documents.FirstOrDefault(d => d.Key == r.Source.Document);
            output.WriteLine($"{r.Id}: {r.Title}");
            output.WriteLine($"  source:     {doc?.Title ?? r.Source.Document}, {r.Source.Version}");
            output.WriteLine($"  clause:     {r.Source.Clause}");
            if (r.Source.Ref is not null)
            {
                output.WriteLine($"  source ID:  {r.Source.Ref}");
            }

            output.WriteLine($"  level:      {r.Level.ToText()}{(r.BaseLevel is { } b ? $" (outside the qualified profile: {b.ToText()})" : string.Empty)}{(r.Conditional ? " [CONDITIONAL]" : string.Empty)}");
            output.WriteLine($"  kind:       {r.Kind.ToText()}");
            output.WriteLine($"  profiles:   {string.Join(", ", r.Profiles)}");
            if (r.EffectiveFrom is not null || r.Until is not null)
            {
                output.WriteLine($"  in force:   {Date(r.EffectiveFrom) ?? "(always)"} .. {Date(r.Until) ?? "(no end)"}");
            }

            output.WriteLine($"  confidence: {r.Confidence.ToText()}");
            output.WriteLine("  statement:");
            output.WriteLine($"    {r.Statement.Trim()}");
            WriteList(output, "evidence", r.Evidence);
            WriteList(output, "refines", r.Refines.Select(x => $"{x}: {catalogue.Find(x)?.Title}"));
            WriteList(output, "refined by", catalogue.Requirements.Where(x => x.Refines.Contains(r.Id)).Select(x => $"{x.Id}: {x.Title}"));
            WriteList(output, "replaces", r.Replaces);
            WriteList(output, "replaced by", catalogue.Requirements.Where(x => x.Replaces.Contains(r.Id)).Select(x => x.Id));
            WriteList(output, "also cites", r.Cites);
            if (r.Notes is not null)
            {
                output.WriteLine("  notes:");
                output.WriteLine($"    {r.Notes.Trim()}");
            }

            output.WriteLine($"  defined at: {r.File}:{r.Line}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Coverage(Option<string?> spec)
    {
        var command = new Command("coverage", "Per source document: requirements shown by scenarios (automated), by evidence (attested), and not yet shown (uncovered)");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (TryLoad(parse.GetValue(spec), error, out var catalogue) is var exit && catalogue is null)
            {
                return exit;
            }

            var scan = FeatureTagScanner.Scan(Path.Combine(catalogue.SpecDirectory, "features"), Path.GetDirectoryName(catalogue.SpecDirectory)!);
            var rows = CoverageReport.Compute(catalogue, scan);
            var width = Math.Max(8, rows.Max(r => r.Document.Key.Length));
            var vwidth = Math.Max(7, rows.Max(r => r.Document.Version.Length));
            output.WriteLine($"{"document".PadRight(width)}  {"version".PadRight(vwidth)}  {"total",5}  {"automated",9}  {"attested",8}  {"uncovered",9}  {"informative",11}");
            foreach (var row in rows)
            {
                output.WriteLine($"{row.Document.Key.PadRight(width)}  {row.Document.Version.PadRight(vwidth)}  {row.Total,5}  {row.Automated,9}  {row.Attested,8}  {row.Uncovered,9}  {row.Informative,11}");
            }

            output.WriteLine($"{"all".PadRight(width)}  {string.Empty.PadRight(vwidth)}  {rows.Sum(r => r.Total),5}  {rows.Sum(r => r.Automated),9}  {rows.Sum(r => r.Attested),8}  {rows.Sum(r => r.Uncovered),9}  {rows.Sum(r => r.Informative),11}");
            output.WriteLine();
            output.WriteLine("automated = checked by at least one scenario; attested = shown by evidence (kind attested, or kind both until a scenario exists);");
            output.WriteLine("uncovered = automated requirement with no scenario yet; informative = MAY/INFO entries.");
            output.WriteLine($"features scanned: {scan.FeatureFiles} file(s), {scan.Scenarios} scenario(s), {scan.Tags.Count} @req tag(s)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Lint(Option<string?> spec)
    {
        var allowMissing = new Option<bool>("--allow-missing-scenarios")
        {
            Description = "Only count automated requirements without a scenario instead of failing (while drafting catalogue entries)",
        };
        var command = new Command("lint", "Check the catalogue and the @req tags in spec/features; an automated requirement without a scenario is a failure");
        command.Options.Add(allowMissing);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var dir = LocateSpec(parse.GetValue(spec), error);
            if (dir is null)
            {
                return ExitCodes.Usage;
            }

            var load = CatalogueLoader.Load(dir);
            var scan = FeatureTagScanner.Scan(Path.Combine(dir, "features"), Path.GetDirectoryName(dir)!);
            var report = CatalogueLint.Run(load, scan, new LintOptions { RequireScenarios = !parse.GetValue(allowMissing) });
            foreach (var e in report.Errors)
            {
                error.WriteLine(e);
            }

            output.WriteLine($"requirements: {load.Catalogue.Requirements.Count}; profiles: {load.Catalogue.Profiles.Count}; @req tags: {scan.Tags.Count}");
            foreach (var (profile, missing) in report.AutomatedWithoutScenarioByProfile.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"profile {profile}: {missing.Count} automated requirement(s) without a scenario");
            }

            output.WriteLine($"automated requirements without scenarios: {report.AutomatedWithoutScenario.Count}");
            output.WriteLine(report.Passed ? "lint passed" : $"lint failed: {report.Errors.Count} problem(s)");
            return report.Passed ? ExitCodes.Ok : ExitCodes.Incomplete;
        });
        return command;
    }

    /// <summary>Loads the catalogue or prints why not. Returns 0, or 64 (no spec/ found) or 2 (invalid catalogue).</summary>
    internal static int TryLoad(string? specOption, TextWriter error, out Catalogue.Catalogue? catalogue)
    {
        catalogue = null;
        var dir = LocateSpec(specOption, error);
        if (dir is null)
        {
            return ExitCodes.Usage;
        }

        var load = CatalogueLoader.Load(dir);
        if (!load.IsValid)
        {
            foreach (var e in load.Errors)
            {
                error.WriteLine(e);
            }

            error.WriteLine($"the catalogue in {dir} is invalid: {load.Errors.Count} problem(s)");
            return ExitCodes.Incomplete;
        }

        catalogue = load.Catalogue;
        return ExitCodes.Ok;
    }

    internal static string? LocateSpec(string? specOption, TextWriter error)
    {
        var dir = SpecDirectoryLocator.Locate(specOption, Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        if (dir is null)
        {
            error.WriteLine(specOption is null
                ? "cannot find spec/ (a folder holding spec/requirements) above the working directory or the tool; pass --spec DIR"
                : $"--spec {specOption}: no requirements/ folder there");
        }

        return dir;
    }

    private static void WriteList(TextWriter output, string label, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        output.WriteLine($"  {label}:");
        foreach (var item in list)
        {
            output.WriteLine($"    - {item}");
        }
    }

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

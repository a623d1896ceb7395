namespace Conformance.Architecture.Tests;

/// <summary>
/// One allowed-dependency rule of docs/architecture.md: projects it applies to must not reach (directly, or through
/// other projects when <see cref="Transitive"/>) a forbidden project or package.
/// </summary>
/// <param name="AllowedVia">Projects a forbidden project may be reached through: a chain passing one of them is allowed.</param>
public sealed record DependencyRule(
    string Name,
    string Why,
    Func<ProjectNode, bool> AppliesTo,
    Func<ProjectNode, bool> ForbiddenProject,
    bool Transitive = true,
    Func<string, bool>? ForbiddenPackage = null,
    Func<ProjectNode, bool>? AllowedVia = null);

/// <summary>The rules, and their evaluation over a <see cref="ProjectGraph"/>.</summary>
public static class DependencyRules
{
    /// <summary>
    /// The one project allowed to reference the reference TSA: the adapter that builds it as a conformance target for the
    /// CLI's <c>--target reference</c>, the suite tests and the defect matrix. Everything else under conformance/ and
    /// reports/ reaches the TSA only through it, or not at all.
    /// </summary>
    public const string ReferenceTsaAdapter = "Conformance.Targets.Reference";

    public static IReadOnlyList<DependencyRule> All { get; } =
    [
        new("suite independent of the reference TSA",
            $"a check that shared the TSA's code could not see the TSA's bugs; only {ReferenceTsaAdapter} may reference it, and others reach it only through that adapter",
            p => (IsUnder(p, "conformance/") || IsUnder(p, "reports/")) && p.Name != ReferenceTsaAdapter,
            p => IsUnder(p, "reference-tsa/src/"),
            AllowedVia: p => p.Name == ReferenceTsaAdapter),
        new("Checks stands alone",
            "checks are judged on crafted tokens without Reqnroll, a runner, a renderer or a TSA",
            p => p.Name == "Conformance.Checks",
            p => p.Name is "Conformance.Steps" or "Conformance.Runner" or "Conformance.Cli" or "Reports" || IsUnder(p, "reference-tsa/"),
            ForbiddenPackage: package => package.StartsWith("Reqnroll", StringComparison.Ordinal)),
        new("Steps do not know their host",
            "bindings do not depend on how they are scheduled or reported",
            p => p.Name == "Conformance.Steps",
            p => p.Name is "Conformance.Runner" or "Conformance.Cli" or "Reports"),
        new("Runner does not know its command line",
            "the runner is also hosted by xunit; the CLI is one of its users",
            p => p.Name == "Conformance.Runner",
            p => p.Name is "Conformance.Cli"),
        new("Reports know report.json, not the runner",
            "a stored report.json must re-render with a later tool version, and others may write renderers from the schema",
            p => p.Name == "Reports",
            p => p.Name is "Conformance.Runner" or "Conformance.Steps" or "Conformance.Checks" or "Conformance.Cli" || IsUnder(p, "reference-tsa/")),
        new("Catalogue is a leaf",
            "the catalogue is data plus its loader; everything else depends on it, it depends on nothing but the shared strict YAML reader",
            p => p.Name == "Conformance.Catalogue",
            p => p.Name != "Conformance.Yaml"),
        new("the YAML reader is a leaf",
            "catalogue, target file, disclosure extract, evidence register and waivers share one strict reader, so it can depend on none of them",
            p => p.Name == "Conformance.Yaml",
            _ => true),
        new("the TSA stands alone",
            "the reference TSA is deployed without the suite",
            p => IsUnder(p, "reference-tsa/src/"),
            p => IsUnder(p, "conformance/") || IsUnder(p, "reports/")),
    ];

    /// <summary>Every broken rule, as one line naming the rule, why it exists and the chain of references that breaks it.</summary>
    public static IReadOnlyList<string> Violations(ProjectGraph graph, IEnumerable<DependencyRule>? rules = null)
    {
        var violations = new List<string>();
        foreach (DependencyRule rule in rules ?? All)
        {
            foreach (ProjectNode project in graph.Projects.Where(rule.AppliesTo).OrderBy(p => p.Path, StringComparer.Ordinal))
            {
                IReadOnlyList<string>? chain = rule.Transitive
                    ? graph.PathTo(project, rule.ForbiddenProject, rule.AllowedVia)
                    : project.ProjectReferences
                        .Where(r => graph.Find(r) is { } n && rule.ForbiddenProject(n))
                        .Select(r => (IReadOnlyList<string>)[project.Path, r])
                        .FirstOrDefault();
                if (chain is not null)
                {
                    violations.Add($"{rule.Name} ({rule.Why}): {string.Join(" -> ", chain)}");
                }

                if (rule.ForbiddenPackage is not null)
                {
                    foreach ((string package, IReadOnlyList<string> via) in graph.PackagesReachedFrom(project).Where(x => rule.ForbiddenPackage(x.Package)))
                    {
                        violations.Add($"{rule.Name} ({rule.Why}): package {package} via {string.Join(" -> ", via)}");
                    }
                }
            }
        }

        return violations;
    }

    private static bool IsUnder(ProjectNode project, string folder) => project.Path.StartsWith(folder, StringComparison.Ordinal);
}

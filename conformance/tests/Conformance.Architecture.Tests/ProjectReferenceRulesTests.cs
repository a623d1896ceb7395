namespace Conformance.Architecture.Tests;

public sealed class ProjectReferenceRulesTests
{
    [Fact]
    public void The_repository_keeps_every_dependency_rule()
    {
        ProjectGraph graph = ProjectGraph.Load(RepositoryRoot());

        // The graph must be the real one: the projects the rules talk about are all there.
        foreach (string name in new[] { "Conformance.Checks", "Conformance.Steps", "Conformance.Runner", "Conformance.Cli", "Conformance.Catalogue", "Reports", "ReferenceTsa" })
        {
            Assert.Contains(graph.Projects, p => p.Name == name);
        }

        IReadOnlyList<string> violations = DependencyRules.Violations(graph);
        Assert.True(violations.Count == 0, $"{violations.Count} broken rule(s):{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }

    [Fact]
    public void A_check_library_referencing_the_runner_is_refused_with_the_chain()
    {
        using var repo = new ScratchRepository()
            .Project("conformance/src/Conformance.Catalogue")
            .Project("conformance/src/Conformance.Checks", "conformance/src/Conformance.Catalogue", "conformance/src/Conformance.Steps")
            .Project("conformance/src/Conformance.Steps", "conformance/src/Conformance.Runner")
            .Project("conformance/src/Conformance.Runner");

        IReadOnlyList<string> violations = DependencyRules.Violations(ProjectGraph.Load(repo.Root));

        string violation = Assert.Single(violations, v => v.StartsWith("Checks stands alone", StringComparison.Ordinal));
        Assert.Contains("conformance/src/Conformance.Checks/Conformance.Checks.csproj -> conformance/src/Conformance.Steps/Conformance.Steps.csproj", violation);
        Assert.Contains(violations, v => v.StartsWith("Steps do not know their host", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_adapter_references_the_reference_tsa_and_others_reach_it_only_through_the_adapter()
    {
        using var repo = new ScratchRepository()
            .Project("reference-tsa/src/ReferenceTsa")
            .Project("conformance/src/Conformance.Targets.Reference", "reference-tsa/src/ReferenceTsa")
            .Project("conformance/src/Conformance.TrustedLists", "reference-tsa/src/ReferenceTsa")
            .Project("conformance/src/Conformance.Cli", "conformance/src/Conformance.Targets.Reference")
            .Project("conformance/tests/Conformance.Suite.Tests", "conformance/src/Conformance.Cli", "conformance/src/Conformance.Targets.Reference");

        IReadOnlyList<string> violations = DependencyRules.Violations(ProjectGraph.Load(repo.Root));

        // The adapter, the CLI and the tests that reach the TSA through it are allowed; the direct reference is not.
        string violation = Assert.Single(violations);
        Assert.StartsWith("suite independent of the reference TSA", violation);
        Assert.Contains("Conformance.TrustedLists.csproj -> reference-tsa/src/ReferenceTsa/ReferenceTsa.csproj", violation);
    }

    [Fact]
    public void The_cli_referencing_the_reference_tsa_directly_is_refused_although_it_also_has_the_adapter()
    {
        using var repo = new ScratchRepository()
            .Project("reference-tsa/src/ReferenceTsa")
            .Project("conformance/src/Conformance.Targets.Reference", "reference-tsa/src/ReferenceTsa")
            .Project("conformance/src/Conformance.Cli", "conformance/src/Conformance.Targets.Reference", "reference-tsa/src/ReferenceTsa");

        string violation = Assert.Single(DependencyRules.Violations(ProjectGraph.Load(repo.Root)));
        Assert.Contains("conformance/src/Conformance.Cli/Conformance.Cli.csproj -> reference-tsa/src/ReferenceTsa/ReferenceTsa.csproj", violation);
    }

    [Fact]
    public void Reaching_the_reference_tsa_through_a_project_other_than_the_adapter_is_refused_with_the_chain()
    {
        using var repo = new ScratchRepository()
            .Project("reference-tsa/src/ReferenceTsa")
            .Project("conformance/src/Conformance.Runner", "reference-tsa/src/ReferenceTsa")
            .Project("conformance/tests/Conformance.Defects.Tests", "conformance/src/Conformance.Runner");

        IReadOnlyList<string> violations = DependencyRules.Violations(ProjectGraph.Load(repo.Root));

        Assert.Contains(violations, v => v.StartsWith("suite independent of the reference TSA", StringComparison.Ordinal)
            && v.Contains("conformance/tests/Conformance.Defects.Tests/Conformance.Defects.Tests.csproj -> conformance/src/Conformance.Runner/Conformance.Runner.csproj -> reference-tsa/src/ReferenceTsa/ReferenceTsa.csproj", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_reaching_runner_types_through_another_project_is_refused()
    {
        using var repo = new ScratchRepository()
            .Project("conformance/src/Conformance.Runner")
            .Project("reports/src/Shared", "conformance/src/Conformance.Runner")
            .Project("reports/src/Reports", "reports/src/Shared");

        string violation = Assert.Single(DependencyRules.Violations(ProjectGraph.Load(repo.Root)));
        Assert.Contains("reports/src/Reports/Reports.csproj -> reports/src/Shared/Shared.csproj -> conformance/src/Conformance.Runner/Conformance.Runner.csproj", violation);
    }

    [Fact]
    public void The_reqnroll_package_reaching_the_checks_is_refused()
    {
        using var repo = new ScratchRepository()
            .Project("conformance/src/Conformance.Catalogue")
            .Project("conformance/src/Conformance.Checks", ["conformance/src/Conformance.Catalogue"], packages: ["Reqnroll"]);

        string violation = Assert.Single(DependencyRules.Violations(ProjectGraph.Load(repo.Root)));
        Assert.Contains("package Reqnroll", violation);
    }

    [Fact]
    public void The_catalogue_may_use_the_yaml_reader_and_nothing_else_and_the_reader_uses_nothing()
    {
        using var repo = new ScratchRepository()
            .Project("conformance/src/Conformance.TrustedLists")
            .Project("conformance/src/Conformance.Yaml", "conformance/src/Conformance.TrustedLists")
            .Project("conformance/src/Conformance.Catalogue", "conformance/src/Conformance.Yaml");

        IReadOnlyList<string> violations = DependencyRules.Violations(ProjectGraph.Load(repo.Root));

        Assert.Contains(violations, v => v.StartsWith("the YAML reader is a leaf", StringComparison.Ordinal)
            && v.Contains("Conformance.Yaml.csproj -> conformance/src/Conformance.TrustedLists/Conformance.TrustedLists.csproj", StringComparison.Ordinal));
        string catalogue = Assert.Single(violations, v => v.StartsWith("Catalogue is a leaf", StringComparison.Ordinal));
        Assert.Contains("Conformance.Catalogue.csproj -> conformance/src/Conformance.Yaml/Conformance.Yaml.csproj -> conformance/src/Conformance.TrustedLists/Conformance.TrustedLists.csproj", catalogue);
    }

    [Fact]
    public void The_tsa_reaching_the_suite_is_refused()
    {
        using var repo = new ScratchRepository()
            .Project("conformance/src/Conformance.Checks")
            .Project("reference-tsa/src/ReferenceTsa", "conformance/src/Conformance.Checks");

        Assert.Contains(DependencyRules.Violations(ProjectGraph.Load(repo.Root)), v => v.StartsWith("the TSA stands alone", StringComparison.Ordinal));
    }

    [Fact]
    public void No_code_outside_the_adapter_uses_the_reference_tsas_types()
    {
        string root = RepositoryRoot();
        Assert.True(Directory.Exists(Path.Combine(root, SourceRules.AdapterFolder)), $"the adapter is not at {SourceRules.AdapterFolder}");

        IReadOnlyList<string> uses = SourceRules.ReferenceTsaUses(root);
        Assert.True(uses.Count == 0, $"the reference TSA's types used outside {SourceRules.AdapterFolder}:{Environment.NewLine}{string.Join(Environment.NewLine, uses)}");
    }

    [Fact]
    public void A_test_using_the_reference_tsas_types_through_the_adapters_transitive_reference_is_found()
    {
        using var repo = new ScratchRepository();
        string tests = Directory.CreateDirectory(Path.Combine(repo.Root, "conformance/tests/Conformance.Suite.Tests")).FullName;
        string adapter = Directory.CreateDirectory(Path.Combine(repo.Root, SourceRules.AdapterFolder)).FullName;
        // The namespace spliced in, so that this file does not itself hold the use the scan looks for.
        const string tsa = "ReferenceTsa";
        File.WriteAllText(Path.Combine(tests, "Target.cs"), $$"""
            using ReferenceTsa.Tests.Support;
            // ReferenceTsa.Hosting in a comment is not a use
            namespace Conformance.Suite.Tests;
            public static class Target
            {
                public static string Dll => "ReferenceTsa.dll";
                public static object Start() => {{tsa}}.Hosting.EmbeddedTsa.StartAsync("x");
            }
            """);
        File.WriteAllText(Path.Combine(adapter, "Adapter.cs"), "using ReferenceTsa.Hosting;\n");

        string use = Assert.Single(SourceRules.ReferenceTsaUses(repo.Root));
        Assert.StartsWith("conformance/tests/Conformance.Suite.Tests/Target.cs:7: ", use);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Conformance.sln above {AppContext.BaseDirectory}");
    }
}

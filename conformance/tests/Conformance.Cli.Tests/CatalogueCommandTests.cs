using Conformance.Catalogue;
using Conformance.Catalogue.Tests;

namespace Conformance.Cli.Tests;

/// <summary>The <c>catalogue</c> verbs, run in-process through the same host as the executable.</summary>
public sealed class CatalogueCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => Cli.Invoke(args);

    [Fact]
    public void Coverage_prints_per_document_counts()
    {
        var (exit, output, error) = Run("catalogue", "coverage", "--spec", RepositoryPaths.Spec);
        Assert.True(exit == ExitCodes.Ok, error);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.StartsWith("document", lines[0]);
        Assert.Contains("automated", lines[0]);
        Assert.Contains("attested", lines[0]);
        Assert.Contains("uncovered", lines[0]);
        foreach (var doc in new[] { "RFC3161", "RFC5816", "EN319422", "EN319421", "EN319401", "EIDAS", "CIR2025-1929" })
        {
            var row = Assert.Single(lines, l => l.StartsWith(doc + " ", StringComparison.Ordinal));
            var numbers = row.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeLast(5).Select(int.Parse).ToList();
            Assert.Equal(5, numbers.Count);
            Assert.Equal(numbers[0], numbers[1] + numbers[2] + numbers[3] + numbers[4]);
            Assert.True(numbers[0] > 0, row);
        }
    }

    [Fact]
    public void Show_prints_the_source_clause_and_statement()
    {
        var (exit, output, error) = Run("catalogue", "show", "TSP-TST-008", "--spec", RepositoryPaths.Spec);
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("TSP-TST-008:", output);
        Assert.Contains("ETSI EN 319 422", output);
        Assert.Contains("clause:     5.2.2", output);
        Assert.Contains("level:      MUST", output);
        Assert.Contains("statement:", output);
    }

    [Fact]
    public void Show_finds_a_requirement_by_the_documents_own_ID()
    {
        var (exit, output, _) = Run("catalogue", "show", "TIS-7.7.2-03", "--spec", RepositoryPaths.Spec);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("source ID:  TIS-7.7.2-03", output);
        Assert.Contains("clause:     7.7.2", output);
    }

    [Fact]
    public void List_filters_by_profile_kind_and_source()
    {
        var (exit, output, error) = Run("catalogue", "list", "--profile", "eu-qualified", "--kind", "attested", "--source", "en319421", "--spec", RepositoryPaths.Spec);
        Assert.True(exit == ExitCodes.Ok, error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Contains(rows, r => r.StartsWith("EN319421-OVR-7.8-04 ", StringComparison.Ordinal));
        Assert.All(rows.SkipLast(1), r => Assert.Contains(" attested ", r));
        Assert.All(rows.SkipLast(1), r => Assert.Contains("EN319421 V1.3.1", r));
        Assert.DoesNotContain(rows, r => r.StartsWith("EN319421-TIS-7.6.2-04 ", StringComparison.Ordinal));
        Assert.Matches(@"^\d+ requirement\(s\)$", rows[^1].TrimEnd());
    }

    [Fact]
    public void Lint_passes_and_counts_automated_requirements_without_scenarios()
    {
        var (exit, output, error) = Run("catalogue", "lint", "--spec", RepositoryPaths.Spec);
        Assert.True(exit == ExitCodes.Ok, error + output);
        Assert.Contains("automated requirements without scenarios:", output);
        Assert.Contains("lint passed", output);
    }

    [Theory]
    [InlineData("catalogue", "show")]
    [InlineData("catalogue", "list", "--no-such-option")]
    [InlineData("catalogue", "frobnicate")]
    public void Usage_errors_exit_64(params string[] args)
    {
        var (exit, _, error) = Run(args);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Unknown_requirement_or_profile_exit_64()
    {
        Assert.Equal(ExitCodes.Usage, Run("catalogue", "show", "TSP-NOPE-999", "--spec", RepositoryPaths.Spec).Exit);
        Assert.Equal(ExitCodes.Usage, Run("catalogue", "list", "--profile", "nope", "--spec", RepositoryPaths.Spec).Exit);
    }

    [Fact]
    public void Invalid_catalogue_exits_2_and_prints_every_problem_with_file_and_line()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements.Replace("title: Imprint echoed", "titel: Imprint echoed", StringComparison.Ordinal));
        var (exit, _, error) = Run("catalogue", "list", "--spec", spec.Spec);
        Assert.Equal(ExitCodes.Incomplete, exit);
        Assert.Contains("spec/requirements/rfc3161.yaml:15: unknown key 'titel'", error);
        Assert.Contains("spec/requirements/rfc3161.yaml:13: missing required key 'title'", error);
    }

    [Fact]
    public void Show_by_a_source_ID_cited_by_two_documents_asks_which_one()
    {
        var (exit, _, error) = Run("catalogue", "show", "TIS-7.6.2-03", "--spec", RepositoryPaths.Spec);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("EN319421-TIS-7.6.2-03 (EN319421)", error);
        Assert.Contains("CIR2025-1929-TIS-7.6.2-03 (CIR2025-1929)", error);
    }

    [Fact]
    public void Spec_directory_is_found_from_a_nested_working_directory_or_given_as_the_checkout_root()
    {
        var nested = Path.Combine(RepositoryPaths.Root, "conformance", "src");
        Assert.Equal(Path.GetFullPath(RepositoryPaths.Spec), SpecDirectoryLocator.Locate(null, nested));
        Assert.Equal(Path.GetFullPath(RepositoryPaths.Spec), SpecDirectoryLocator.Locate(RepositoryPaths.Root));
        Assert.Null(SpecDirectoryLocator.Locate(Path.GetTempPath()));
    }

    [Fact]
    public void The_built_tool_carries_a_copy_of_spec_next_to_it()
    {
        // Conformance.Cli copies spec/ into its output so that a published tsa-conformance finds the catalogue.
        var copy = Path.Combine(AppContext.BaseDirectory, "spec");
        Assert.True(File.Exists(Path.Combine(copy, "requirements", "en319421.yaml")), copy);
        Assert.True(CatalogueLoader.Load(copy).IsValid);
    }
}


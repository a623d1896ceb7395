using Conformance.Catalogue;
using Conformance.Runner.Calibration;
using Conformance.Runner.Results;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests;

/// <summary>
/// docs/calibration.md is what the calibration command writes over the shared corpus of real tokens: this test
/// regenerates it and fails when the committed file is stale, and checks the calibration's own rules (every
/// nonconformity on a token from an EU/EEA TSA rests on a verified mandatory clause). Skips visibly without the corpus.
/// </summary>
public sealed class CalibrationTableTests
{
    private const string Profile = "etsi";

    private static string Spec => SpecDirectoryLocator.Locate(null, Environment.CurrentDirectory, AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("spec/ not found above the test's folder");

    private static async Task<(Catalogue.Catalogue Catalogue, IReadOnlyList<CalibratedToken> Tokens)> CalibrateAsync()
    {
        if (RealTokens.Directory is not { } corpus)
        {
            Assert.Skip("real-token corpus not found (shared/corpus/real-tokens); set TSA_REAL_TOKENS");
            throw new InvalidOperationException();
        }

        CatalogueLoadResult loaded = CatalogueLoader.Load(Spec);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        using var temp = new TempDirectory();
        var tokens = await CalibrationRun.RunAsync(corpus, loaded.Catalogue, Spec, Profile, temp.Combine("out"), TestContext.Current.CancellationToken);
        return (loaded.Catalogue, tokens);
    }

    [Fact]
    public async Task The_committed_calibration_table_is_what_the_command_writes_today()
    {
        var (catalogue, tokens) = await CalibrateAsync();
        string expected = CalibrationTable.Render(catalogue, Profile, tokens, CalibrationTable.CommandLine(Profile));
        string committedPath = Path.Combine(Path.GetDirectoryName(Spec)!, "docs", "calibration.md");
        string committed = File.Exists(committedPath) ? await File.ReadAllTextAsync(committedPath, TestContext.Current.CancellationToken) : "";
        Assert.True(expected == committed,
            $"docs/calibration.md is stale: regenerate it with `{CalibrationTable.CommandLine(Profile)}` and review the differences as an auditor would");
    }

    [Fact]
    public async Task No_nonconformity_on_an_EU_token_rests_on_an_unverified_or_non_mandatory_source()
    {
        var (catalogue, tokens) = await CalibrateAsync();
        Assert.Equal(RealTokens.Files().Count(), tokens.Count);
        foreach (CalibratedToken token in tokens.Where(t => t.EuOrEea))
        {
            foreach (GradedFinding finding in token.Result.Scenarios.SelectMany(s => s.Findings).Where(f => f.Grade == FindingGrade.Nonconformity))
            {
                Requirement? r = catalogue.Find(finding.RequirementId ?? "");
                Assert.True(r is not null, $"{token.File}: a nonconformity names no catalogue requirement: {finding.Message}");
                Assert.Equal(Confidence.Verified, r!.Confidence);
                Assert.True(r.Source.Verb is { } verb && CatalogueLint.IsMandatoryVerb(verb), $"{token.File}: {r.Id} is not backed by a 'shall': {finding.Message}");
            }
        }
    }
}

using System.Globalization;
using Io.Cucumber.Messages.Types;
using Reqnroll;
using Reqnroll.Formatters.RuntimeSupport;

namespace Conformance.Runner.Host;

/// <summary>A parsed feature file with its pickles, and the single FeatureInfo Reqnroll sees for it.</summary>
public sealed class LoadedFeature : IFeatureLevelCucumberMessages
{
    private FeatureInfo? _featureInfo;

    public required string Path { get; init; }
    public required string RelativePath { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required string Language { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public required GherkinDocument GherkinDocument { get; init; }
    public required IReadOnlyList<Pickle> PickleList { get; init; }
    public required Source Source { get; init; }
    public List<ScenarioCase> Scenarios { get; } = [];

    bool IFeatureLevelCucumberMessages.HasMessages => true;

    IEnumerable<Pickle> IFeatureLevelCucumberMessages.Pickles => PickleList;

    /// <summary>One instance per feature: the host compares FeatureContext.FeatureInfo by reference to detect a feature switch.</summary>
    public FeatureInfo FeatureInfo => _featureInfo ??= new FeatureInfo(
        new CultureInfo(Language),
        System.IO.Path.GetDirectoryName(RelativePath) ?? "",
        Title,
        Description,
        ProgrammingLanguage.CSharp,
        [.. Tags],
        this);
}

using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;
using Io.Cucumber.Messages.Types;

namespace Conformance.Runner.Host;

/// <summary>
/// Parses .feature files at run time with the Gherkin parser Reqnroll itself uses, compiles them to pickles and maps
/// every pickle back to its AST (keywords, rule, examples tags). Syntax errors come back as <c>file:line: message</c>.
/// </summary>
public static class FeatureLoader
{
    /// <summary>One id generator for the whole run: ids must be unique across features (docs/running-reqnroll.md, pitfall 3).</summary>
    private static readonly IIdGenerator Ids = new GuidIdGenerator();

    public static FeatureSet LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return new FeatureSet([], [$"{directory}: the features folder does not exist"]);
        }

        var features = new List<LoadedFeature>();
        var errors = new List<string>();
        foreach (string path in Directory.EnumerateFiles(directory, "*.feature", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
            if (TryLoad(path, relative, out LoadedFeature? feature, out IReadOnlyList<string> fileErrors))
            {
                if (feature is not null)
                {
                    features.Add(feature);
                }
            }
            else
            {
                errors.AddRange(fileErrors);
            }
        }

        return new FeatureSet(features, errors);
    }

    public static bool TryLoad(string path, string relativePath, out LoadedFeature? feature, out IReadOnlyList<string> errors)
    {
        feature = null;
        string text;
        Gherkin.Ast.GherkinDocument ast;
        try
        {
            text = File.ReadAllText(path);
            ast = new Parser().Parse(new StringReader(text));
        }
        catch (CompositeParserException e)
        {
            errors = [.. e.Errors.Select(error => Describe(relativePath, error))];
            return false;
        }
        catch (ParserException e)
        {
            errors = [Describe(relativePath, e)];
            return false;
        }
        catch (IOException e)
        {
            errors = [$"{relativePath}: cannot be read: {e.Message}"];
            return false;
        }

        errors = [];
        if (ast.Feature is null)
        {
            return true; // an empty file is not an error
        }

        GherkinDocument document = new AstMessagesConverter(Ids).ConvertGherkinDocumentToEventArgs(ast, relativePath);
        List<Pickle> pickles = new PickleCompiler(Ids).Compile(document);
        feature = new LoadedFeature
        {
            Path = path,
            RelativePath = relativePath,
            Title = document.Feature.Name,
            Description = document.Feature.Description?.Trim() ?? "",
            Language = document.Feature.Language,
            Tags = [.. document.Feature.Tags.Select(t => t.Name.TrimStart('@'))],
            GherkinDocument = document,
            PickleList = pickles,
            Source = new Source(relativePath, text, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN),
        };

        var index = new AstIndex(document);
        for (int i = 0; i < pickles.Count; i++)
        {
            feature.Scenarios.Add(index.ToCase(feature, pickles[i], i));
        }

        return true;
    }

    private static string Describe(string relativePath, ParserException error)
    {
        // Gherkin messages already start with "(line:column): "; keep the text after it.
        string message = error.Message;
        int close = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith('(') && close > 0)
        {
            message = message[(close + 3)..];
        }

        return error.Location is { } location ? $"{relativePath}:{location.Line}: {message}" : $"{relativePath}: {message}";
    }

    /// <summary>Finds AST nodes by the ids pickles refer to.</summary>
    private sealed class AstIndex
    {
        private readonly Dictionary<string, Step> _steps = [];
        private readonly Dictionary<string, (Scenario Scenario, Rule? Rule)> _scenarios = [];
        private readonly Dictionary<string, (Examples Examples, TableRow Row)> _rows = [];
        private readonly Feature _feature;

        public AstIndex(GherkinDocument document)
        {
            _feature = document.Feature;
            foreach (FeatureChild child in _feature.Children)
            {
                if (child.Background is { } background)
                {
                    AddSteps(background.Steps);
                }

                if (child.Scenario is { } scenario)
                {
                    AddScenario(scenario, null);
                }

                if (child.Rule is { } rule)
                {
                    foreach (RuleChild ruleChild in rule.Children)
                    {
                        if (ruleChild.Background is { } ruleBackground)
                        {
                            AddSteps(ruleBackground.Steps);
                        }

                        if (ruleChild.Scenario is { } ruleScenario)
                        {
                            AddScenario(ruleScenario, rule);
                        }
                    }
                }
            }
        }

        public ScenarioCase ToCase(LoadedFeature feature, Pickle pickle, int pickleIndex)
        {
            (Scenario scenario, Rule? rule) = _scenarios[pickle.AstNodeIds[0]];
            List<string> ownTags = [.. scenario.Tags.Select(t => t.Name.TrimStart('@'))];
            var arguments = new List<KeyValuePair<string, string>>();
            int line = (int)scenario.Location.Line;
            if (pickle.AstNodeIds.Count > 1 && _rows.TryGetValue(pickle.AstNodeIds[1], out var row))
            {
                ownTags.AddRange(row.Examples.Tags.Select(t => t.Name.TrimStart('@')));
                for (int i = 0; i < row.Examples.TableHeader.Cells.Count && i < row.Row.Cells.Count; i++)
                {
                    arguments.Add(new(row.Examples.TableHeader.Cells[i].Value, row.Row.Cells[i].Value));
                }

                line = (int)row.Row.Location.Line;
            }

            List<string> ruleTags = rule is null ? [] : [.. rule.Tags.Select(t => t.Name.TrimStart('@'))];
            var steps = pickle.Steps.Select(step =>
            {
                Step astStep = _steps[step.AstNodeIds[0]];
                IReadOnlyList<IReadOnlyList<string>>? table = step.Argument?.DataTable?.Rows
                    .Select(r => (IReadOnlyList<string>)[.. r.Cells.Select(c => c.Value)]).ToList();
                return new ScenarioStep(astStep.Keyword, astStep.KeywordType, step.Text, step.Argument?.DocString?.Content, table);
            }).ToList();

            return new ScenarioCase
            {
                Feature = feature,
                Pickle = pickle,
                PickleIndex = pickleIndex,
                Name = pickle.Name,
                Line = line,
                Description = scenario.Description?.Trim() ?? "",
                OwnTags = ownTags.Distinct(StringComparer.Ordinal).ToList(),
                InheritedTags = [.. feature.Tags.Concat(ruleTags).Distinct(StringComparer.Ordinal)],
                RuleTitle = rule?.Name,
                RuleDescription = rule?.Description?.Trim(),
                RuleTags = ruleTags,
                ExampleArguments = arguments,
                Steps = steps,
            };
        }

        private void AddScenario(Scenario scenario, Rule? rule)
        {
            _scenarios[scenario.Id] = (scenario, rule);
            AddSteps(scenario.Steps);
            foreach (Examples examples in scenario.Examples)
            {
                foreach (TableRow row in examples.TableBody)
                {
                    _rows[row.Id] = (examples, row);
                }
            }
        }

        private void AddSteps(IEnumerable<Step> steps)
        {
            foreach (Step step in steps)
            {
                _steps[step.Id] = step;
            }
        }
    }
}

/// <summary>The features of a run and the syntax errors of those that could not be parsed.</summary>
public sealed record FeatureSet(IReadOnlyList<LoadedFeature> Features, IReadOnlyList<string> Errors)
{
    public IEnumerable<ScenarioCase> Scenarios => Features.SelectMany(f => f.Scenarios);
}

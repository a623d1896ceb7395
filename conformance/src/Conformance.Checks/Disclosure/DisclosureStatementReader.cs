using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.Checks.Disclosure;

/// <summary>
/// Reads a disclosure statement extract (YAML). Every problem is reported as <c>file:line: message</c>, all at once;
/// unknown keys are errors so that a misspelt field is not silently ignored.
/// <code>
/// tsa: Example QTSP time-stamping service          # optional
/// document: https://tsa.example.eu/pds-v3.pdf       # optional: the published statement
/// policies:
///   - oid: 1.3.6.1.4.1.99999.1.1
///     title: Example time-stamp policy (extends BTSP)   # optional
///     hashes: [SHA-256, SHA-384, SHA-512]
///     accuracy: 1s
/// </code>
/// </summary>
public static partial class DisclosureStatementReader
{
    public static DisclosureStatement Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DisclosureStatementException([$"{path}: cannot be read: {e.Message}"]);
        }

        return Parse(text, path);
    }

    public static DisclosureStatement Parse(string yaml, string path)
    {
        var errors = new List<string>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new DisclosureStatementException([$"{path}:{e.Start.Line}: not valid YAML: {e.InnerException?.Message ?? e.Message}"]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new DisclosureStatementException([$"{path}:1: a disclosure statement is a YAML mapping (tsa:, document:, policies:)"]);
        }

        void Error(YamlNode node, string message) => errors.Add($"{path}:{node.Start.Line}: {message}");

        CheckKeys(root, ["tsa", "document", "policies"], "the disclosure statement", Error);
        var policies = new List<DisclosedPolicy>();
        if (!root.Children.TryGetValue(new YamlScalarNode("policies"), out YamlNode? list) || list is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            Error(list ?? root, "policies is a non-empty list of { oid, hashes, accuracy }");
        }
        else
        {
            foreach (YamlNode item in sequence)
            {
                if (item is not YamlMappingNode policy)
                {
                    Error(item, "each entry of policies is a mapping { oid, title, hashes, accuracy }");
                    continue;
                }

                CheckKeys(policy, ["oid", "title", "hashes", "accuracy"], "a policy", Error);
                string? oid = Scalar(policy, "oid");
                if (oid is null || !OidPattern().IsMatch(oid))
                {
                    Error(policy, oid is null ? "the policy has no oid" : $"'{oid}' is not a dotted object identifier such as 0.4.0.2023.1.1");
                }
                else if (policies.Any(p => p.Oid == oid))
                {
                    Error(policy, $"policy {oid} is listed twice");
                }

                var hashes = new List<ImprintAlgorithm>();
                if (policy.Children.TryGetValue(new YamlScalarNode("hashes"), out YamlNode? hashNode) && hashNode is YamlSequenceNode hashList && hashList.Children.Count > 0)
                {
                    foreach (YamlNode hash in hashList)
                    {
                        if ((hash as YamlScalarNode)?.Value is { } name && ImprintAlgorithm.Find(name) is { } algorithm)
                        {
                            hashes.Add(algorithm);
                        }
                        else
                        {
                            Error(hash, $"unknown hash algorithm '{(hash as YamlScalarNode)?.Value}' (known: {string.Join(", ", ImprintAlgorithm.All.Select(a => a.Name))})");
                        }
                    }
                }
                else
                {
                    Error(hashNode ?? policy, $"policy {oid} needs hashes: a non-empty list such as [SHA-256, SHA-384]");
                }

                TimeSpan? accuracy = null;
                string? accuracyText = Scalar(policy, "accuracy");
                Match match = DurationPattern().Match(accuracyText ?? "");
                if (accuracyText is null || !match.Success)
                {
                    Error(policy, accuracyText is null ? $"policy {oid} needs accuracy (e.g. 1s, 500ms)" : $"accuracy is a duration such as 1s or 500ms, not '{accuracyText}'");
                }
                else
                {
                    double amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                    accuracy = match.Groups[2].Value switch
                    {
                        "ms" => TimeSpan.FromMilliseconds(amount),
                        "us" => TimeSpan.FromMicroseconds(amount),
                        _ => TimeSpan.FromSeconds(amount),
                    };
                }

                if (oid is not null && accuracy is { } a)
                {
                    policies.Add(new DisclosedPolicy(oid, Scalar(policy, "title"), hashes, a, (int)policy.Start.Line));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new DisclosureStatementException(errors);
        }

        return new DisclosureStatement { Source = path, Tsa = Scalar(root, "tsa"), Document = Scalar(root, "document"), Policies = policies };
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node) && node is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    private static void CheckKeys(YamlMappingNode map, string[] known, string where, Action<YamlNode, string> error)
    {
        foreach (YamlNode key in map.Children.Keys)
        {
            string name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                error(key, $"unknown setting '{name}' in {where} (known: {string.Join(", ", known)})");
            }
        }
    }

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(ms|us|s)?\s*$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^[0-2](\.(0|[1-9]\d*))+$")]
    private static partial Regex OidPattern();
}

/// <summary>A disclosure statement file that cannot be used; every problem as <c>file:line: message</c>.</summary>
public sealed class DisclosureStatementException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

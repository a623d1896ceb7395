using System.Text.RegularExpressions;
using Conformance.Yaml;

namespace Conformance.Checks.Disclosure;

/// <summary>
/// Reads a disclosure statement extract (YAML) through the shared strict reader. Every problem is reported as
/// <c>file:line: message</c>, all at once; unknown keys are errors so that a misspelt key is not silently ignored.
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
    private const string Expected = "tsa:, document:, policies:";

    public static DisclosureStatement Load(string path)
    {
        var problems = new List<YamlProblem>();
        return Finish(YamlFile.Read(path, problems, Expected), path, problems);
    }

    public static DisclosureStatement Parse(string yaml, string path)
    {
        var problems = new List<YamlProblem>();
        return Finish(YamlFile.Parse(yaml, path, problems, Expected), path, problems);
    }

    private static DisclosureStatement Finish(YamlFields? root, string path, List<YamlProblem> problems)
    {
        DisclosureStatement? statement = root is null ? null : Read(root, path);
        if (statement is null || problems.Count > 0)
        {
            throw new DisclosureStatementException([.. problems.Select(p => p.ToString())]);
        }

        return statement;
    }

    private static DisclosureStatement Read(YamlFields root, string path)
    {
        var statement = new DisclosureStatement { Source = path, Tsa = root.OptionalString("tsa"), Document = root.OptionalString("document"), Policies = [] };
        IReadOnlyList<YamlFields>? items = root.Items("policies");
        root.RejectUnknown("the disclosure statement");
        if (items is null || items.Count == 0)
        {
            root.ErrorAt("policies", "policies is a non-empty list of { oid, hashes, accuracy }");
            return statement;
        }

        var policies = new List<DisclosedPolicy>();
        foreach (YamlFields policy in items)
        {
            if (ReadPolicy(policy) is not { } read)
            {
                continue;
            }

            if (policies.Any(p => p.Oid == read.Oid))
            {
                policy.Error(policy.Line, $"policy {read.Oid} is listed twice");
            }
            else
            {
                policies.Add(read);
            }
        }

        return statement with { Policies = policies };
    }

    private static DisclosedPolicy? ReadPolicy(YamlFields policy)
    {
        string? oid = policy.OptionalString("oid");
        if (oid is null || !OidPattern().IsMatch(oid))
        {
            policy.ErrorAt("oid", oid is null ? "the policy has no oid" : $"'{oid}' is not a dotted object identifier such as 0.4.0.2023.1.1");
        }

        var hashes = new List<ImprintAlgorithm>();
        IReadOnlyList<YamlValue> written = policy.Values("hashes");
        foreach (YamlValue hash in written)
        {
            if (ImprintAlgorithm.Find(hash.Text) is { } algorithm)
            {
                hashes.Add(algorithm);
            }
            else
            {
                policy.Error(hash.Line, $"unknown hash algorithm '{hash.Text}' (known: {string.Join(", ", ImprintAlgorithm.All.Select(a => a.Name))})");
            }
        }

        if (written.Count == 0)
        {
            policy.ErrorAt("hashes", $"policy {oid} needs hashes: a non-empty list such as [SHA-256, SHA-384]");
        }

        TimeSpan? accuracy = policy.OptionalDuration("accuracy");
        if (!policy.Has("accuracy"))
        {
            policy.Error(policy.Line, $"policy {oid} needs accuracy (e.g. 1s, 500ms)");
        }

        string? title = policy.OptionalString("title");
        policy.RejectUnknown("a policy");
        return oid is not null && accuracy is { } a ? new DisclosedPolicy(oid, title, hashes, a, policy.Line) : null;
    }

    [GeneratedRegex(@"^[0-2](\.(0|[1-9]\d*))+$")]
    private static partial Regex OidPattern();
}

/// <summary>A disclosure statement file that cannot be used; every problem as <c>file:line: message</c>.</summary>
public sealed class DisclosureStatementException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

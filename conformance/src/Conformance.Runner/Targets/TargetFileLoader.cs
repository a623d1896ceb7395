using Conformance.Checks.Disclosure;
using Conformance.Checks.Protocol;
using Conformance.Steps.Context;
using Conformance.Yaml;

namespace Conformance.Runner.Targets;

/// <summary>
/// Reads a target file (YAML) through the shared strict reader. Every problem is reported as <c>file:line: message</c>,
/// all of them at once, and unknown keys are errors so that a typo does not silently drop a setting. Relative paths
/// are resolved against the folder of the target file; secrets may come from environment variables
/// (<c>password-env</c>, <c>token-env</c>, <c>pin-env</c>). One reader per section: connection and auth, hsm, clock, trust.
/// </summary>
public static class TargetFileLoader
{
    private const string Expected = "url:, qualified-url:, ...";

    public static TargetDefinition Load(string path)
    {
        var problems = new List<YamlProblem>();
        YamlFields? root = YamlFile.Read(path, problems, Expected);
        return Finish(root, path, problems);
    }

    public static TargetDefinition Parse(string yaml, string path)
    {
        var problems = new List<YamlProblem>();
        YamlFields? root = YamlFile.Parse(yaml, path, problems, Expected);
        return Finish(root, path, problems);
    }

    private static TargetDefinition Finish(YamlFields? root, string path, List<YamlProblem> problems)
    {
        TargetDefinition? target = root is null ? null : ReadTarget(root, new TargetFileContext(path), path);
        if (target is null || problems.Count > 0)
        {
            throw new TargetFileException([.. problems.Select(p => p.ToString())]);
        }

        return target;
    }

    private static TargetDefinition ReadTarget(YamlFields root, TargetFileContext context, string path)
    {
        Uri? url = context.Url(root, "url");
        Uri? qualifiedUrl = context.Url(root, "qualified-url");
        if (url is null && qualifiedUrl is null && !root.Has("url") && !root.Has("qualified-url"))
        {
            root.Error(root.Line, "the target declares neither url nor qualified-url");
        }

        (var anchors, List<string> anchorFiles) = TrustSectionReader.ReadAnchors(root, context);
        var target = new TargetDefinition
        {
            Name = root.OptionalString("name") ?? (url ?? qualifiedUrl)?.ToString() ?? path,
            Url = url,
            QualifiedUrl = qualifiedUrl,
            TsaName = root.OptionalString("tsa-name"),
            PolicyOids = context.Oids(root, "policy-oids"),
            QualifiedPolicyOids = context.Oids(root, "qualified-policy-oids"),
            Accuracy = root.OptionalDuration("accuracy"),
            SupportedHashes = Hashes(root),
            TrustAnchors = anchors,
            TrustAnchorFiles = anchorFiles,
            Http = ConnectionSectionReader.Read(root, context),
            Disclosure = Disclosure(root, context),
            Revocation = TrustSectionReader.ReadRevocation(root, context),
            Clock = root.Mapping("clock") is { } clock ? ClockSectionReader.Read(clock) : Conformance.Checks.Time.ClockReferenceSettings.None,
            Hsm = root.Mapping("hsm") is { } hsm ? HsmSectionReader.Read(hsm, context) : null,
            TrustedListSources = TrustSectionReader.ReadTrustedLists(root, context),
            SourceFile = path,
        };
        root.RejectUnknown("the target file");
        return target;
    }

    private static List<string> Hashes(YamlFields root)
    {
        var hashes = new List<string>();
        foreach (YamlValue value in root.Values("hashes"))
        {
            if (HashAlgorithmInfo.TryParse(value.Text, out HashAlgorithmInfo? algorithm))
            {
                hashes.Add(algorithm!.Name);
            }
            else
            {
                root.Error(value.Line, $"unknown hash algorithm '{value.Text}' (known: {string.Join(", ", HashAlgorithmInfo.Known.Select(a => a.Name))})");
            }
        }

        return hashes;
    }

    /// <summary>disclosure: FILE, the disclosure statement extract; its own problems are reported on this key's line.</summary>
    private static DisclosureStatement? Disclosure(YamlFields root, TargetFileContext context)
    {
        if (root.Value("disclosure") is not { } file)
        {
            return null;
        }

        try
        {
            return DisclosureStatementReader.Load(context.Resolve(file.Text));
        }
        catch (DisclosureStatementException e)
        {
            foreach (string problem in e.Problems)
            {
                root.Error(file.Line, $"disclosure: {problem}");
            }

            return null;
        }
    }
}

using System.Text.RegularExpressions;
using Conformance.Yaml;

namespace Conformance.Catalogue.Loading;

/// <summary>Reads one entry of a requirements file's <c>requirements:</c> list, checking what one entry can check alone.</summary>
internal static partial class RequirementReader
{
    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(-[A-Za-z0-9.]+)+$")]
    private static partial Regex IdPattern();

    public static Requirement? Read(YamlFields f, SourceDocument document)
    {
        var id = f.RequireString("id");
        if (id.Length > 0 && !IdPattern().IsMatch(id))
        {
            f.ErrorAt("id", $"ID '{id}' is not well formed: use capital letters, digits, dots and hyphens, e.g. TSP-TST-008 or EN319421-TIS-7.7.2-03");
        }

        var source = ReadSource(f, id, document);
        var title = f.RequireString("title");
        var statement = f.RequireString("statement");
        var (level, baseLevel) = ReadLevels(f);
        var kind = ReadKind(f);

        var profiles = f.StringList("profiles");
        if (profiles.Count == 0)
        {
            f.Error(f.Line, $"requirement '{id}': 'profiles' must name at least one profile");
        }

        var evidence = f.StringList("evidence");
        if (kind is RequirementKind.Attested or RequirementKind.Both && evidence.Count == 0 && level is not (RequirementLevel.May or RequirementLevel.Info))
        {
            f.Error(f.Line, $"requirement '{id}' is {kind.ToText()}: list the 'evidence' an auditor expects");
        }

        var from = f.OptionalDate("effective_from");
        var until = f.OptionalDate("until");
        if (from is not null && until is not null && until < from)
        {
            f.ErrorAt("until", $"requirement '{id}': 'until' ({until:yyyy-MM-dd}) is before 'effective_from' ({from:yyyy-MM-dd})");
        }

        var requirement = new Requirement
        {
            Id = id,
            Source = source ?? new RequirementSource { Document = document.Key, Version = document.Version, Clause = "?" },
            Title = title,
            Statement = statement,
            Level = level,
            BaseLevel = baseLevel,
            Kind = kind,
            Profiles = profiles,
            Conditional = f.OptionalBool("conditional") ?? false,
            EffectiveFrom = from,
            Until = until,
            Evidence = evidence,
            Refines = f.StringList("refines"),
            Replaces = f.StringList("replaces"),
            Cites = f.StringList("cites"),
            Confidence = ReadConfidence(f, Confidence.Verified),
            Notes = f.OptionalString("notes"),
            File = f.File,
            Line = f.Line,
        };
        f.RejectUnknown(id.Length > 0 ? $"requirement '{id}'" : "a requirement");
        return id.Length > 0 ? requirement : null;
    }

    /// <summary>confidence: verified unless stated; shared with the crypto policies' algorithms.</summary>
    public static Confidence ReadConfidence(YamlFields f, Confidence inherited)
    {
        var confidence = inherited;
        if (f.OptionalString("confidence") is { } text && !Confidences.TryParse(text, out confidence))
        {
            f.ErrorAt("confidence", $"confidence '{text}' is not one of {Confidences.Allowed}");
        }

        return confidence;
    }

    private static RequirementSource? ReadSource(YamlFields f, string id, SourceDocument document)
    {
        var sourceFields = f.Mapping("source");
        if (sourceFields is null)
        {
            f.Error(f.Line, $"requirement '{id}': missing required key 'source' (clause and, where the document has one, its requirement ID in 'ref')");
            return null;
        }

        var source = new RequirementSource
        {
            Document = sourceFields.OptionalString("document") ?? document.Key,
            Version = sourceFields.OptionalString("version") ?? document.Version,
            Clause = sourceFields.RequireString("clause"),
            Ref = sourceFields.OptionalString("ref"),
            Verb = sourceFields.OptionalString("verb"),
            AppliesTo = sourceFields.OptionalString("applies_to"),
            Read = sourceFields.OptionalString("read"),
        };
        sourceFields.RejectUnknown($"'source' of '{id}'");
        return source;
    }

    private static (RequirementLevel Level, RequirementLevel? BaseLevel) ReadLevels(YamlFields f)
    {
        var levelText = f.RequireString("level");
        var level = RequirementLevel.Must;
        if (levelText.Length > 0 && !RequirementLevels.TryParse(levelText, out level))
        {
            f.ErrorAt("level", $"level '{levelText}' is not one of {RequirementLevels.Allowed}");
        }

        if (f.OptionalString("base_level") is not { } baseText)
        {
            return (level, null);
        }

        if (!RequirementLevels.TryParse(baseText, out var b) || b == RequirementLevel.MustQualified)
        {
            f.ErrorAt("base_level", $"base_level '{baseText}' must be one of MUST, SHOULD, MAY, INFO");
        }
        else if (level != RequirementLevel.MustQualified)
        {
            f.ErrorAt("base_level", "base_level is only meaningful when level is MUST-Q");
        }
        else
        {
            return (level, b);
        }

        return (level, null);
    }

    private static RequirementKind ReadKind(YamlFields f)
    {
        var kindText = f.RequireString("kind");
        var kind = RequirementKind.Attested;
        if (kindText.Length > 0 && !RequirementKinds.TryParse(kindText, out kind))
        {
            f.ErrorAt("kind", $"kind '{kindText}' is not one of {RequirementKinds.Allowed}");
        }

        return kind;
    }
}

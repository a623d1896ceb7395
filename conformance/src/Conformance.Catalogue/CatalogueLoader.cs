using System.Text.RegularExpressions;
using Conformance.Catalogue.Yaml;
using YamlDotNet.RepresentationModel;

namespace Conformance.Catalogue;

/// <summary>
/// Loads spec/ (requirements, profiles, crypto policies, seed mapping) and validates it: unknown or
/// misspelt fields, duplicate IDs, dangling references, bad dates and YAML syntax errors all come back as
/// <c>file:line: message</c> diagnostics. Nothing is thrown for bad content; every problem is reported at once.
/// </summary>
public static partial class CatalogueLoader
{
    public const string SeedMappingFileName = "seed-mapping.yaml";

    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(-[A-Za-z0-9.]+)+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*$")]
    private static partial Regex ProfileIdPattern();

    public static CatalogueLoadResult Load(string specDirectory)
    {
        var root = Path.GetFullPath(specDirectory);
        var displayBase = Directory.GetParent(root)?.FullName ?? root;
        string Display(string path) => Path.GetRelativePath(displayBase, path).Replace('\\', '/');

        var diagnostics = new List<CatalogueDiagnostic>();
        var documents = new List<SourceDocument>();
        var requirements = new List<Requirement>();
        var profiles = new List<Profile>();
        var crypto = new List<CryptoPolicy>();
        SeedMapping? seed = null;

        var requirementsDir = Path.Combine(root, "requirements");
        if (!Directory.Exists(requirementsDir))
        {
            diagnostics.Add(new CatalogueDiagnostic(Display(root), 0, "no requirements/ folder: is this the spec directory?"));
        }
        else
        {
            foreach (var file in YamlFiles(requirementsDir))
            {
                ReadRequirementsFile(file, Display(file), diagnostics, documents, requirements);
            }
        }

        var profilesDir = Path.Combine(root, "profiles");
        if (Directory.Exists(profilesDir))
        {
            foreach (var file in YamlFiles(profilesDir))
            {
                if (ReadProfile(file, Display(file), diagnostics) is { } p)
                {
                    profiles.Add(p);
                }
            }
        }

        var cryptoDir = Path.Combine(root, "crypto");
        if (Directory.Exists(cryptoDir))
        {
            foreach (var file in YamlFiles(cryptoDir))
            {
                if (ReadCryptoPolicy(file, Display(file), diagnostics) is { } c)
                {
                    crypto.Add(c);
                }
            }
        }

        var seedPath = Path.Combine(root, SeedMappingFileName);
        if (File.Exists(seedPath))
        {
            seed = ReadSeedMapping(seedPath, Display(seedPath), diagnostics);
        }

        CrossValidate(documents, requirements, profiles, crypto, seed, diagnostics);
        var catalogue = new Catalogue(root, documents, requirements, profiles, crypto, seed);
        return new CatalogueLoadResult(catalogue, diagnostics);
    }

    private static IEnumerable<string> YamlFiles(string dir) =>
        Directory.EnumerateFiles(dir, "*.yaml").Concat(Directory.EnumerateFiles(dir, "*.yml")).Order(StringComparer.Ordinal);

    // ---- requirements/*.yaml -------------------------------------------------------------------

    private static void ReadRequirementsFile(string path, string display, List<CatalogueDiagnostic> diagnostics, List<SourceDocument> documents, List<Requirement> requirements)
    {
        var root = YamlDocumentReader.ReadRootMapping(path, display, diagnostics);
        if (root is null)
        {
            return;
        }

        var header = root.Mapping("document");
        var list = root.Sequence("requirements");
        root.RejectUnknown("a requirements file (expected 'document' and 'requirements')");
        if (header is null)
        {
            root.Error(root.Line, "missing required field 'document' (the source document this file transcribes)");
            return;
        }

        var document = new SourceDocument
        {
            Key = header.RequireString("key"),
            Title = header.RequireString("title"),
            Version = header.RequireString("version"),
            Date = header.OptionalString("date"),
            IdScheme = header.OptionalString("id_scheme"),
            Url = header.OptionalString("url"),
            Notes = header.OptionalString("notes"),
            File = display,
            Line = header.Line,
        };
        header.RejectUnknown("'document'");
        documents.Add(document);

        if (list is null)
        {
            root.Error(root.Line, "missing required field 'requirements' (a list)");
            return;
        }

        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode m)
            {
                diagnostics.Add(new CatalogueDiagnostic(display, YamlFields.LineOf(item), "every entry of 'requirements' must be a mapping"));
                continue;
            }

            if (ReadRequirement(new YamlFields(m, display, diagnostics), document) is { } r)
            {
                requirements.Add(r);
            }
        }
    }

    private static Requirement? ReadRequirement(YamlFields f, SourceDocument document)
    {
        var id = f.RequireString("id");
        if (id.Length > 0 && !IdPattern().IsMatch(id))
        {
            f.Error(f.KeyLine("id"), $"ID '{id}' is not well formed: use capital letters, digits, dots and hyphens, e.g. TSP-TST-008 or EN319421-TIS-7.7.2-03");
        }

        var sourceFields = f.Mapping("source");
        RequirementSource? source = null;
        if (sourceFields is null)
        {
            f.Error(f.Line, $"requirement '{id}': missing required field 'source' (clause and, where the document has one, its requirement ID in 'ref')");
        }
        else
        {
            source = new RequirementSource
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
        }

        var title = f.RequireString("title");
        var statement = f.RequireString("statement");

        var levelText = f.RequireString("level");
        var level = RequirementLevel.Must;
        if (levelText.Length > 0 && !RequirementLevels.TryParse(levelText, out level))
        {
            f.Error(f.KeyLine("level"), $"level '{levelText}' is not one of {RequirementLevels.Allowed}");
        }

        RequirementLevel? baseLevel = null;
        if (f.OptionalString("base_level") is { } baseText)
        {
            if (!RequirementLevels.TryParse(baseText, out var b) || b == RequirementLevel.MustQualified)
            {
                f.Error(f.KeyLine("base_level"), $"base_level '{baseText}' must be one of MUST, SHOULD, MAY, INFO");
            }
            else if (level != RequirementLevel.MustQualified)
            {
                f.Error(f.KeyLine("base_level"), "base_level is only meaningful when level is MUST-Q");
            }
            else
            {
                baseLevel = b;
            }
        }

        var kindText = f.RequireString("kind");
        var kind = RequirementKind.Attested;
        if (kindText.Length > 0 && !RequirementKinds.TryParse(kindText, out kind))
        {
            f.Error(f.KeyLine("kind"), $"kind '{kindText}' is not one of {RequirementKinds.Allowed}");
        }

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
            f.Error(f.KeyLine("until"), $"requirement '{id}': 'until' ({until:yyyy-MM-dd}) is before 'effective_from' ({from:yyyy-MM-dd})");
        }

        var confidence = Confidence.Verified;
        if (f.OptionalString("confidence") is { } confText && !Confidences.TryParse(confText, out confidence))
        {
            f.Error(f.KeyLine("confidence"), $"confidence '{confText}' is not one of {Confidences.Allowed}");
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
            Confidence = confidence,
            Notes = f.OptionalString("notes"),
            File = f.File,
            Line = f.Line,
        };
        f.RejectUnknown(id.Length > 0 ? $"requirement '{id}'" : "a requirement");
        return id.Length > 0 ? requirement : null;
    }

    // ---- profiles/*.yaml -----------------------------------------------------------------------

    private static Profile? ReadProfile(string path, string display, List<CatalogueDiagnostic> diagnostics)
    {
        var f = YamlDocumentReader.ReadRootMapping(path, display, diagnostics);
        if (f is null)
        {
            return null;
        }

        var id = f.RequireString("id");
        if (id.Length > 0 && !ProfileIdPattern().IsMatch(id))
        {
            f.Error(f.KeyLine("id"), $"profile ID '{id}' must be lower-case letters, digits and hyphens");
        }

        var stem = Path.GetFileNameWithoutExtension(path);
        if (id.Length > 0 && !string.Equals(stem, id, StringComparison.Ordinal))
        {
            f.Error(f.KeyLine("id"), $"profile ID '{id}' does not match its file name '{stem}'");
        }

        var parametersFields = f.Mapping("parameters");
        var parameters = new ProfileParameters();
        if (parametersFields is not null)
        {
            parameters = new ProfileParameters
            {
                MaxAccuracySeconds = parametersFields.OptionalDecimal("max_accuracy_seconds"),
                AcceptedHashes = parametersFields.OptionalStringList("accepted_hashes"),
                RejectedHashes = parametersFields.OptionalStringList("rejected_hashes"),
                PolicyOids = parametersFields.OptionalStringList("policy_oids"),
                QualifiedStatementOid = parametersFields.OptionalString("qualified_statement_oid"),
                RequireHttps = parametersFields.OptionalBool("require_https"),
                MaxSerialBits = parametersFields.OptionalInt("max_serial_bits"),
                CryptoPolicy = parametersFields.OptionalString("crypto_policy"),
                SampleSize = parametersFields.OptionalInt("sample_size"),
            };
            parametersFields.RejectUnknown($"'parameters' of profile '{id}'");
        }

        var profile = new Profile
        {
            Id = id,
            Title = f.RequireString("title"),
            Description = f.OptionalString("description"),
            Extends = f.OptionalString("extends"),
            WhiteBox = f.OptionalBool("white_box") ?? false,
            Include = f.StringList("include"),
            Exclude = f.StringList("exclude"),
            Parameters = parameters,
            File = display,
            Line = f.Line,
        };
        f.RejectUnknown($"profile '{id}'");
        return id.Length > 0 ? profile : null;
    }

    // ---- crypto/*.yaml -------------------------------------------------------------------------

    private static CryptoPolicy? ReadCryptoPolicy(string path, string display, List<CatalogueDiagnostic> diagnostics)
    {
        var root = YamlDocumentReader.ReadRootMapping(path, display, diagnostics);
        if (root is null)
        {
            return null;
        }

        var header = root.Mapping("policy");
        var list = root.Sequence("algorithms");
        root.RejectUnknown("a crypto policy file (expected 'policy' and 'algorithms')");
        if (header is null)
        {
            root.Error(root.Line, "missing required field 'policy'");
            return null;
        }

        var policyConfidence = Confidence.Verified;
        var id = header.RequireString("id");
        var title = header.RequireString("title");
        var document = header.RequireString("document");
        var version = header.RequireString("version");
        var issued = header.OptionalString("issued");
        var inForceFrom = header.OptionalDate("in_force_from");
        var notes = header.OptionalString("notes");
        if (header.OptionalString("confidence") is { } ct && !Confidences.TryParse(ct, out policyConfidence))
        {
            header.Error(header.KeyLine("confidence"), $"confidence '{ct}' is not one of {Confidences.Allowed}");
        }

        header.RejectUnknown("'policy'");

        var algorithms = new List<CryptoAlgorithm>();
        if (list is null)
        {
            root.Error(root.Line, "missing required field 'algorithms' (a list)");
        }
        else
        {
            foreach (var item in list.Children)
            {
                if (item is not YamlMappingNode m)
                {
                    diagnostics.Add(new CatalogueDiagnostic(display, YamlFields.LineOf(item), "every entry of 'algorithms' must be a mapping"));
                    continue;
                }

                var a = new YamlFields(m, display, diagnostics);
                var typeText = a.RequireString("type");
                var type = typeText switch
                {
                    "hash" => CryptoAlgorithmType.Hash,
                    "signature" => CryptoAlgorithmType.Signature,
                    "curve" => CryptoAlgorithmType.Curve,
                    _ => (CryptoAlgorithmType?)null,
                };
                if (type is null && typeText.Length > 0)
                {
                    a.Error(a.KeyLine("type"), $"type '{typeText}' is not one of hash, signature, curve");
                }

                var confidence = policyConfidence;
                if (a.OptionalString("confidence") is { } c && !Confidences.TryParse(c, out confidence))
                {
                    a.Error(a.KeyLine("confidence"), $"confidence '{c}' is not one of {Confidences.Allowed}");
                }

                var algorithm = new CryptoAlgorithm
                {
                    Type = type ?? CryptoAlgorithmType.Hash,
                    Name = a.RequireString("name"),
                    Oids = a.StringList("oids"),
                    MinKeyBits = a.OptionalInt("min_key_bits"),
                    MaxKeyBits = a.OptionalInt("max_key_bits"),
                    ValidUntil = a.OptionalDate("valid_until"),
                    Legacy = a.OptionalBool("legacy") ?? false,
                    Accepted = a.OptionalBool("accepted") ?? true,
                    Confidence = confidence,
                    Table = a.OptionalString("table") ?? "",
                    Placeholder = a.OptionalBool("placeholder") ?? false,
                    Notes = a.OptionalString("notes"),
                    Line = a.Line,
                };
                if (algorithm.MinKeyBits is { } min && algorithm.MaxKeyBits is { } max && max < min)
                {
                    a.Error(a.KeyLine("max_key_bits"), $"max_key_bits {max} is below min_key_bits {min}");
                }

                a.RejectUnknown($"algorithm '{algorithm.Name}'");
                algorithms.Add(algorithm);
            }
        }

        return new CryptoPolicy
        {
            Id = id,
            Title = title,
            Document = document,
            Version = version,
            Issued = issued,
            InForceFrom = inForceFrom,
            Confidence = policyConfidence,
            Notes = notes,
            Algorithms = algorithms,
            File = display,
            Line = header.Line,
        };
    }

    // ---- seed-mapping.yaml ---------------------------------------------------------------------

    private static SeedMapping? ReadSeedMapping(string path, string display, List<CatalogueDiagnostic> diagnostics)
    {
        var f = YamlDocumentReader.ReadRootMapping(path, display, diagnostics);
        if (f is null)
        {
            return null;
        }

        var title = f.RequireString("title");
        var sections = f.StringList("sections");
        f.OptionalString("notes");
        f.StringList("not_requirement_slides");
        var list = f.Sequence("bullets");
        f.RejectUnknown("the seed mapping");
        var bullets = new List<SeedBullet>();
        foreach (var item in list?.Children ?? [])
        {
            if (item is not YamlMappingNode m)
            {
                diagnostics.Add(new CatalogueDiagnostic(display, YamlFields.LineOf(item), "every entry of 'bullets' must be a mapping"));
                continue;
            }

            var b = new YamlFields(m, display, diagnostics);
            var bullet = new SeedBullet
            {
                Section = b.RequireString("section"),
                Under = b.OptionalString("under"),
                Text = b.RequireString("text"),
                Variants = b.StringList("variants"),
                Requirements = b.StringList("requirements"),
                Notes = b.OptionalString("notes"),
                Line = b.Line,
            };
            b.RejectUnknown("a seed bullet");
            if (bullet.Section.Length > 0 && !sections.Contains(bullet.Section))
            {
                b.Error(b.KeyLine("section"), $"section '{bullet.Section}' is not listed in 'sections'");
            }

            if (bullet.Requirements.Count == 0)
            {
                b.Error(b.Line, $"seed bullet '{bullet.Text}' maps to no requirement");
            }

            bullets.Add(bullet);
        }

        return new SeedMapping { Title = title, Sections = sections, Bullets = bullets, File = display };
    }

    // ---- cross-file checks ---------------------------------------------------------------------

    private static void CrossValidate(
        List<SourceDocument> documents,
        List<Requirement> requirements,
        List<Profile> profiles,
        List<CryptoPolicy> crypto,
        SeedMapping? seed,
        List<CatalogueDiagnostic> diagnostics)
    {
        void Error(string file, int line, string message) => diagnostics.Add(new CatalogueDiagnostic(file, line, message));

        var docKeys = new Dictionary<string, SourceDocument>(StringComparer.Ordinal);
        foreach (var d in documents)
        {
            if (d.Key.Length > 0 && !docKeys.TryAdd(d.Key, d))
            {
                Error(d.File, d.Line, $"document key '{d.Key}' is already used by {docKeys[d.Key].File}:{docKeys[d.Key].Line}");
            }
        }

        var ids = new Dictionary<string, Requirement>(StringComparer.Ordinal);
        var sourceRefs = new Dictionary<(string Doc, string Ref), Requirement>();
        foreach (var r in requirements)
        {
            if (!ids.TryAdd(r.Id, r))
            {
                var first = ids[r.Id];
                Error(r.File, r.Line, $"duplicate requirement ID '{r.Id}' (first defined at {first.File}:{first.Line})");
            }

            if (!docKeys.ContainsKey(r.Source.Document))
            {
                Error(r.File, r.Line, $"requirement '{r.Id}': source document '{r.Source.Document}' is not declared by any requirements file");
            }

            if (r.Source.Ref is { } sref && !sourceRefs.TryAdd((r.Source.Document, sref), r))
            {
                var first = sourceRefs[(r.Source.Document, sref)];
                Error(r.File, r.Line, $"requirement '{r.Id}': source ID {r.Source.Document} {sref} is already catalogued as '{first.Id}' ({first.File}:{first.Line}); cite it with 'refines' instead");
            }
        }

        var profileIds = new Dictionary<string, Profile>(StringComparer.Ordinal);
        foreach (var p in profiles)
        {
            if (!profileIds.TryAdd(p.Id, p))
            {
                Error(p.File, p.Line, $"duplicate profile ID '{p.Id}' (first defined in {profileIds[p.Id].File})");
            }
        }

        foreach (var r in requirements)
        {
            foreach (var p in r.Profiles.Where(p => !profileIds.ContainsKey(p)))
            {
                Error(r.File, r.Line, $"requirement '{r.Id}' names unknown profile '{p}' (known: {string.Join(", ", profileIds.Keys.Order(StringComparer.Ordinal))})");
            }

            foreach (var (field, targets) in new[] { ("refines", r.Refines), ("replaces", r.Replaces) })
            {
                foreach (var t in targets)
                {
                    if (!ids.ContainsKey(t))
                    {
                        Error(r.File, r.Line, $"requirement '{r.Id}': '{field}' names unknown requirement '{t}'");
                    }
                    else if (t == r.Id)
                    {
                        Error(r.File, r.Line, $"requirement '{r.Id}': '{field}' names the requirement itself");
                    }
                }
            }
        }

        var cryptoIds = new Dictionary<string, CryptoPolicy>(StringComparer.Ordinal);
        foreach (var c in crypto)
        {
            if (c.Id.Length > 0 && !cryptoIds.TryAdd(c.Id, c))
            {
                Error(c.File, c.Line, $"duplicate crypto policy ID '{c.Id}' (first defined in {cryptoIds[c.Id].File})");
            }

            var seen = new HashSet<(CryptoAlgorithmType, string, int?, int?)>();
            foreach (var a in c.Algorithms.Where(a => !seen.Add((a.Type, a.Name, a.MinKeyBits, a.MaxKeyBits))))
            {
                Error(c.File, a.Line, $"algorithm '{a.Name}' with the same key-size band is listed twice in crypto policy '{c.Id}'");
            }
        }

        foreach (var p in profiles)
        {
            if (p.Extends is { } parent && !profileIds.ContainsKey(parent))
            {
                Error(p.File, p.Line, $"profile '{p.Id}' extends unknown profile '{parent}'");
            }

            var visited = new HashSet<string>(StringComparer.Ordinal) { p.Id };
            for (var cur = p.Extends; cur is not null && profileIds.TryGetValue(cur, out var next); cur = next.Extends)
            {
                if (!visited.Add(cur))
                {
                    Error(p.File, p.Line, $"profile '{p.Id}' has an 'extends' cycle through '{cur}'");
                    break;
                }
            }

            foreach (var (field, targets) in new[] { ("include", p.Include), ("exclude", p.Exclude) })
            {
                foreach (var t in targets.Where(t => !ids.ContainsKey(t)))
                {
                    Error(p.File, p.Line, $"profile '{p.Id}': '{field}' names unknown requirement '{t}'");
                }
            }

            if (p.Parameters.CryptoPolicy is { } cp && !cryptoIds.ContainsKey(cp))
            {
                Error(p.File, p.Line, $"profile '{p.Id}': crypto_policy '{cp}' is not defined in spec/crypto");
            }
        }

        // Hash names in profiles must exist in the profile's effective crypto policy (or any policy when none is set).
        foreach (var p in profiles)
        {
            var hashes = (p.Parameters.AcceptedHashes ?? []).Concat(p.Parameters.RejectedHashes ?? []);
            var known = crypto.SelectMany(c => c.Hashes).Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var h in hashes.Where(h => !known.Contains(h)))
            {
                Error(p.File, p.Line, $"profile '{p.Id}': hash '{h}' is not defined in any crypto policy");
            }
        }

        if (seed is not null)
        {
            var seenBullets = new Dictionary<(string, string), SeedBullet>();
            foreach (var b in seed.Bullets)
            {
                foreach (var t in b.Requirements.Where(t => !ids.ContainsKey(t)))
                {
                    Error(seed.File, b.Line, $"seed bullet '{b.Text}' maps to unknown requirement '{t}'");
                }

                foreach (var text in b.Variants.Prepend(b.Text))
                {
                    var key = (b.Section, SeedText.Normalize(text));
                    if (!seenBullets.TryAdd(key, b))
                    {
                        Error(seed.File, b.Line, $"seed bullet '{text}' in section '{b.Section}' is already mapped at line {seenBullets[key].Line}");
                    }
                }
            }
        }
    }
}

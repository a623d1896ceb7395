namespace Conformance.Catalogue.Tests;

/// <summary>Broken YAML is rejected with the file and line of the problem (small files in a temp folder).</summary>
public sealed class LoaderValidationTests
{
    private static CatalogueDiagnostic SingleError(CatalogueLoadResult result)
    {
        Assert.False(result.IsValid, "expected the catalogue to be rejected");
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Minimal_valid_spec_loads()
    {
        using var spec = new TempSpec();
        var result = spec.Load();
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(2, result.Catalogue.Resolve("etsi").Requirements.Count);
    }

    [Fact]
    public void A_load_is_reused_while_the_files_are_unchanged_and_redone_after_any_edit()
    {
        using var spec = new TempSpec();
        CatalogueLoadResult first = spec.Load();
        Assert.Same(first, spec.Load());

        // Same length, same folder: only the content differs (a timestamp could be equal within the clock's granularity).
        spec.Write("profiles/etsi.yaml", File.ReadAllText(Path.Combine(spec.Spec, "profiles/etsi.yaml")).Replace("title: ETSI", "titel: ETSI", StringComparison.Ordinal));
        CatalogueLoadResult edited = spec.Load();
        Assert.NotSame(first, edited);
        Assert.False(edited.IsValid);
        Assert.Contains(edited.Errors, e => e.File.EndsWith("profiles/etsi.yaml", StringComparison.Ordinal) && e.Message.Contains("titel", StringComparison.Ordinal));

        File.Delete(Path.Combine(spec.Spec, "profiles/etsi.yaml"));
        CatalogueLoadResult removed = spec.Load();
        Assert.NotSame(edited, removed);
        Assert.Null(removed.Catalogue.FindProfile("etsi"));
    }

    [Fact]
    public void Rejects_duplicate_requirement_ID_with_file_and_line()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/tsp-extra.yaml", """
            document:
              key: EXTRA
              title: Extra
              version: "1"
            requirements:
              - id: TSP-TST-002
                source: { clause: "1" }
                title: fine
                statement: fine
                level: MUST
                kind: automated
                profiles: [rfc3161]
              - id: TSP-TST-001
                source: { clause: "2" }
                title: clash
                statement: clash
                level: MUST
                kind: automated
                profiles: [rfc3161]
            """);
        var error = SingleError(spec.Load());
        Assert.Equal("spec/requirements/tsp-extra.yaml", error.File);
        Assert.Equal(13, error.Line);
        Assert.StartsWith("spec/requirements/tsp-extra.yaml:13: duplicate requirement ID 'TSP-TST-001' (first defined at spec/requirements/rfc3161.yaml:6)", error.ToString());
    }

    [Fact]
    public void Rejects_misspelt_field_with_file_line_and_suggestion()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements.Replace("    statement: The token repeats", "    statment: The token repeats", StringComparison.Ordinal));
        var result = spec.Load();
        Assert.False(result.IsValid);
        var unknown = Assert.Single(result.Errors, e => e.Message.StartsWith("unknown key", StringComparison.Ordinal));
        Assert.Equal("spec/requirements/rfc3161.yaml", unknown.File);
        Assert.Equal(16, unknown.Line);
        Assert.Contains("unknown key 'statment' in requirement 'TSP-TST-003' (did you mean 'statement'?)", unknown.Message);
        // The misspelling also leaves the required field missing; that is reported on the entry's first line.
        Assert.Contains(result.Errors, e => e.Line == 13 && e.Message == "missing required key 'statement'");
    }

    [Fact]
    public void Rejects_unknown_field_in_profile_parameters()
    {
        using var spec = new TempSpec();
        spec.Write("profiles/etsi.yaml", """
            id: etsi
            title: ETSI
            extends: rfc3161
            parameters:
              max_acuracy_seconds: 1
            """);
        var error = SingleError(spec.Load());
        Assert.Equal("spec/profiles/etsi.yaml:5: unknown key 'max_acuracy_seconds' in 'parameters' of profile 'etsi' (did you mean 'max_accuracy_seconds'?); allowed: accepted_hashes, crypto_policy, max_accuracy_seconds, max_serial_bits, policy_oids, qualified_statement_oid, rejected_hashes, require_https, sample_size", error.ToString());
    }

    [Fact]
    public void Rejects_dangling_profile_reference_with_file_and_line()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements.Replace("    profiles: [rfc3161]\n  - id: TSP-TST-003", "    profiles: [rfc3161, eu-qualifed]\n  - id: TSP-TST-003", StringComparison.Ordinal));
        var error = SingleError(spec.Load());
        Assert.Equal("spec/requirements/rfc3161.yaml", error.File);
        Assert.Equal(6, error.Line);
        Assert.Equal("requirement 'TSP-TST-001' names unknown profile 'eu-qualifed' (known: etsi, rfc3161)", error.Message);
    }

    [Fact]
    public void Rejects_dangling_requirement_reference_in_profile()
    {
        using var spec = new TempSpec();
        spec.Write("profiles/etsi.yaml", """
            id: etsi
            title: ETSI
            extends: rfc3161
            exclude: [TSP-TST-099]
            """);
        var error = SingleError(spec.Load());
        Assert.Equal("spec/profiles/etsi.yaml:1: profile 'etsi': 'exclude' names unknown requirement 'TSP-TST-099'", error.ToString());
    }

    [Fact]
    public void Rejects_bad_date_with_file_and_line()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements + "\n    effective_from: 2025-10-32\n");
        var error = SingleError(spec.Load());
        Assert.Equal("spec/requirements/rfc3161.yaml:20: 'effective_from' must be a date written as YYYY-MM-DD, not '2025-10-32'", error.ToString());
    }

    [Fact]
    public void Rejects_until_before_effective_from()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements + "\n    effective_from: 2030-12-31\n    until: 2025-01-01\n");
        var error = SingleError(spec.Load());
        Assert.Equal("spec/requirements/rfc3161.yaml:21: requirement 'TSP-TST-003': 'until' (2025-01-01) is before 'effective_from' (2030-12-31)", error.ToString());
    }

    [Fact]
    public void Rejects_broken_YAML_syntax_with_file_and_line()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/broken.yaml", """
            document:
              key: BROKEN
              title: Broken
              version: "1"
            requirements:
              - id: TSP-X-001
                title: "unterminated
                level: MUST
            """);
        var error = SingleError(spec.Load());
        Assert.Equal("spec/requirements/broken.yaml", error.File);
        Assert.Equal(7, error.Line);
        Assert.StartsWith("spec/requirements/broken.yaml:7: not valid YAML", error.ToString());
    }

    [Fact]
    public void Rejects_duplicate_key_in_a_mapping_with_file_and_line()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements + "\n    level: SHOULD\n");
        var error = SingleError(spec.Load());
        Assert.Equal("spec/requirements/rfc3161.yaml", error.File);
        Assert.Equal(20, error.Line);
        Assert.Equal("duplicate key 'level': a key may appear only once in a mapping", error.Message);
    }

    [Fact]
    public void Rejects_bad_level_and_kind_values()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements
            .Replace("    level: MUST\n    kind: automated\n    profiles: [rfc3161]\n  - id: TSP-TST-003", "    level: SHALL\n    kind: automatic\n    profiles: [rfc3161]\n  - id: TSP-TST-003", StringComparison.Ordinal));
        var result = spec.Load();
        Assert.Equal(
            [
                "spec/requirements/rfc3161.yaml:10: level 'SHALL' is not one of MUST, SHOULD, MUST-Q, MAY, INFO",
                "spec/requirements/rfc3161.yaml:11: kind 'automatic' is not one of automated, attested, both",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Rejects_attested_requirement_without_evidence()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements.Replace("    kind: automated\n    profiles: [rfc3161]\n  - id: TSP-TST-003", "    kind: attested\n    profiles: [rfc3161]\n  - id: TSP-TST-003", StringComparison.Ordinal));
        var error = SingleError(spec.Load());
        Assert.Equal("spec/requirements/rfc3161.yaml:6: requirement 'TSP-TST-001' is attested: list the 'evidence' an auditor expects", error.ToString());
    }

    [Fact]
    public void Rejects_duplicate_source_ID_within_a_document()
    {
        using var spec = new TempSpec();
        spec.Write("requirements/rfc3161.yaml", TempSpec.ValidRequirements.Replace("source: { clause: \"2.4.2\" }", "source: { clause: \"2.4.2\", ref: X-1 }", StringComparison.Ordinal));
        var error = SingleError(spec.Load());
        Assert.Equal("spec/requirements/rfc3161.yaml:13: requirement 'TSP-TST-003': source ID RFC3161 X-1 is already catalogued as 'TSP-TST-001' (spec/requirements/rfc3161.yaml:6); cite it with 'refines' instead", error.ToString());
    }
}

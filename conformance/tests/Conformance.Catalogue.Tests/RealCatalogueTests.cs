namespace Conformance.Catalogue.Tests;

/// <summary>The catalogue that ships in spec/ loads cleanly and is internally consistent.</summary>
public sealed class RealCatalogueTests
{
    private readonly ITestOutputHelper output;

    public RealCatalogueTests(ITestOutputHelper output) => this.output = output;

    private static CatalogueLoadResult Load() => CatalogueLoader.Load(RepositoryPaths.Spec);

    [Fact]
    public void Spec_directory_loads_with_zero_errors()
    {
        var result = Load();
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        output.WriteLine($"{result.Catalogue.Documents.Count} documents, {result.Catalogue.Requirements.Count} requirements, {result.Catalogue.Profiles.Count} profiles, {result.Catalogue.CryptoPolicies.Count} crypto policies");
    }

    [Theory]
    [InlineData("RFC3161")]
    [InlineData("RFC5816")]
    [InlineData("EN319422")]
    [InlineData("EN319421")]
    [InlineData("EN319401")]
    [InlineData("EIDAS")]
    [InlineData("CIR2025-1929")]
    public void Every_required_source_document_has_a_file_and_requirements(string key)
    {
        var catalogue = Load().Catalogue;
        Assert.Contains(catalogue.Documents, d => d.Key == key);
        Assert.Contains(catalogue.Requirements, r => r.Source.Document == key);
    }

    [Theory]
    [InlineData("TSP-CMS-007", "RFC3161 §2.4.2")]
    [InlineData("TSP-SVC-001", "EN319421 V1.3.1 §")]
    public void A_citation_names_the_document_once_and_then_its_version_and_clause(string id, string expectedStart)
    {
        string citation = Load().Catalogue.Requirements.Single(r => r.Id == id).Source.Citation;
        Assert.StartsWith(expectedStart, citation, StringComparison.Ordinal);
        Assert.DoesNotContain("RFC 3161", citation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rfc3161")]
    [InlineData("etsi")]
    [InlineData("eu-qualified")]
    [InlineData("reference-tsa")]
    public void Each_profile_exists_and_selects_requirements(string profile)
    {
        var resolved = Load().Catalogue.Resolve(profile);
        Assert.NotEmpty(resolved.Requirements);
        output.WriteLine($"{profile}: {resolved.Requirements.Count} requirements ({resolved.Requirements.Count(r => r.Kind.NeedsScenario())} automated or both)");
    }

    [Fact]
    public void Profiles_nest_rfc3161_within_etsi_within_eu_qualified_within_reference_tsa()
    {
        var c = Load().Catalogue;
        var chain = new[] { "rfc3161", "etsi", "eu-qualified", "reference-tsa" }.Select(p => c.Resolve(p).Requirements.Select(r => r.Id).ToHashSet()).ToList();
        Assert.Subset(chain[1], chain[0]);
        Assert.Subset(chain[3], chain[2]);
        // eu-qualified drops what CIR (EU) 2025/1929 voids or replaces, so it is not a plain superset of etsi.
        Assert.Contains("EN319421-TIS-7.6.2-04", chain[1]);
        Assert.DoesNotContain("EN319421-TIS-7.6.2-04", chain[2]);
    }

    [Fact]
    public void Qualified_profile_has_accuracy_hashes_policy_and_crypto_parameters()
    {
        var p = Load().Catalogue.Resolve("eu-qualified").Parameters;
        Assert.Equal(1m, p.MaxAccuracySeconds);
        Assert.Contains("sha256", p.AcceptedHashes!);
        Assert.Contains("0.4.0.2023.1.1", p.PolicyOids!);
        Assert.Equal("0.4.0.19422.1.1", p.QualifiedStatementOid);
        Assert.Equal("eccg-acm-v2", p.CryptoPolicy);
        Assert.True(p.RequireHttps);
    }

    [Fact]
    public void Must_q_requirements_are_must_in_the_qualified_profile_and_weaker_elsewhere()
    {
        var c = Load().Catalogue;
        var https = c.Find("TSP-HTTP-003")!;
        Assert.Equal(RequirementLevel.MustQualified, https.Level);
        Assert.Equal(RequirementLevel.Must, c.Resolve("eu-qualified").EffectiveLevel(https));
        Assert.Equal(RequirementLevel.Should, c.Resolve("etsi").EffectiveLevel(https));
    }

    [Fact]
    public void Crypto_policies_mark_unverified_values()
    {
        var c = Load().Catalogue;
        var acm = Assert.Single(c.CryptoPolicies, p => p.Id == "eccg-acm-v2");
        Assert.Contains(acm.Algorithms, a => a.Confidence == Confidence.Unverified);
        var ts = Assert.Single(c.CryptoPolicies, p => p.Id == "ts119312-v1.5.1");
        Assert.Contains(ts.Algorithms, a => a.Name == "sha1" && !a.Accepted);
        Assert.All(ts.Algorithms, a => Assert.False(a.Decisive));
        Assert.All(acm.Algorithms, a => Assert.False(a.Decisive));
        var current = Assert.Single(c.CryptoPolicies, p => p.Id == "ts119312-v2.1.1");
        Assert.Contains(current.Algorithms, a => a.Name == "sha1" && !a.Accepted && a.Decisive);
        Assert.Equal("ts119312-v2.1.1", c.Resolve("etsi").Parameters.CryptoPolicy);
    }

    [Fact]
    public void Every_crypto_policy_row_names_where_in_its_source_it_comes_from()
    {
        foreach (var policy in Load().Catalogue.CryptoPolicies)
        {
            Assert.False(string.IsNullOrWhiteSpace(policy.Document), policy.Id);
            Assert.False(string.IsNullOrWhiteSpace(policy.Version), policy.Id);
            Assert.NotNull(policy.InForceFrom);
            Assert.All(policy.Algorithms, a => Assert.False(string.IsNullOrWhiteSpace(a.Table), $"{policy.Id} line {a.Line}: no table"));
        }
    }

    [Fact]
    public void Rsa_pss_and_pkcs1_rows_agree_on_key_size_bands()
    {
        // The key-size bands and their end dates concern the modulus, not the padding: a policy that refuses a
        // 2048-bit RSASSA-PSS key while accepting a 2048-bit PKCS#1 v1.5 one is inconsistent.
        foreach (var policy in Load().Catalogue.CryptoPolicies)
        {
            foreach (int bits in new[] { 1024, 2048, 3072, 4096 })
            {
                var pss = policy.Algorithms.FirstOrDefault(a => a.Type == CryptoAlgorithmType.Signature && a.Name == "rsassa-pss" && a.MinKeyBits <= bits && (a.MaxKeyBits is null || bits <= a.MaxKeyBits));
                var pkcs1 = policy.Algorithms.FirstOrDefault(a => a.Type == CryptoAlgorithmType.Signature && a.Name == "rsa-pkcs1-v1_5" && a.MinKeyBits <= bits && (a.MaxKeyBits is null || bits <= a.MaxKeyBits));
                if (pkcs1 is null)
                {
                    continue;
                }

                Assert.True(pss is not null, $"{policy.Id}: RSA {bits} bits has a PKCS#1 v1.5 row but no RSASSA-PSS row");

                Assert.True(pss!.Accepted == pkcs1.Accepted, $"{policy.Id}: RSA {bits} bits accepted differs between PSS and PKCS#1 v1.5");
                if (pkcs1.ValidUntil is { } pkcsEnd && pss.ValidUntil is { } pssEnd)
                {
                    Assert.True(pssEnd >= pkcsEnd, $"{policy.Id}: RSA {bits} bits: PSS ends before PKCS#1 v1.5");
                }
            }
        }
    }

    [Fact]
    public void Every_research_note_check_ID_is_catalogued()
    {
        // standards.md §1 and §2 fix these IDs so that results stay comparable across versions.
        var expected = new List<string>();
        void Range(string prefix, int last) => expected.AddRange(Enumerable.Range(1, last).Select(i => $"{prefix}-{i:000}"));
        Range("TSP-HTTP", 4);
        Range("TSP-REQ", 15);
        Range("TSP-RESP", 4);
        Range("TSP-CMS", 13);
        Range("TSP-TST", 14);
        Range("TSP-QTS", 8);
        Range("TSP-CERT", 15);
        Range("TSP-ALG", 1);
        Range("TSP-TIME", 4);
        Range("TSP-REF", 7);
        Range("TSP-SVC", 1);
        Range("TSP-ORG", 29);
        var c = Load().Catalogue;
        var missing = expected.Where(id => c.Find(id) is null).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
    }

    [Fact]
    public void Attested_requirements_list_the_evidence_an_auditor_expects()
    {
        var c = Load().Catalogue;
        var bare = c.Requirements.Where(r => r.Kind == RequirementKind.Attested && r.Level is not (RequirementLevel.May or RequirementLevel.Info) && r.Evidence.Count == 0).Select(r => r.Id).ToList();
        Assert.Empty(bare);
    }

    [Fact]
    public void Evidence_items_are_whole_phrases_not_fragments_of_a_split_flow_list()
    {
        // An unquoted YAML flow list splits "a (b, c) d" at the comma; fragments show as unbalanced brackets
        // or items starting in lower case.
        var c = Load().Catalogue;
        var bad = c.Requirements
            .SelectMany(r => r.Evidence.Select(e => (r.Id, e)))
            .Where(x => x.e.Count(ch => ch == '(') != x.e.Count(ch => ch == ')') || char.IsLower(x.e[0]))
            .Select(x => $"{x.Id}: {x.e}")
            .ToList();
        Assert.True(bad.Count == 0, string.Join(Environment.NewLine, bad));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("6.1")]
    [InlineData("6.2")]
    [InlineData("6.3")]
    [InlineData("7.1")]
    [InlineData("7.2")]
    [InlineData("7.3")]
    [InlineData("7.4")]
    [InlineData("7.5")]
    [InlineData("7.6")]
    [InlineData("7.7")]
    [InlineData("7.8")]
    [InlineData("7.9")]
    [InlineData("7.10")]
    [InlineData("7.11")]
    [InlineData("7.12")]
    [InlineData("7.13")]
    [InlineData("7.14")]
    public void Every_EN_319_401_clause_the_seed_talk_lists_has_REQ_or_PRO_IDs(string clause)
    {
        var ids = Load().Catalogue.Requirements
            .Where(r => r.Source.Document == "EN319401" && (r.Source.Clause == clause || r.Source.Clause.StartsWith(clause + ".", StringComparison.Ordinal)))
            .Select(r => r.Source.Ref)
            .ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Matches(@"^(REQ|PRO)-", id));
    }

    [Fact]
    public void Resolving_as_of_a_date_honours_effective_from_and_until()
    {
        var c = Load().Catalogue;
        var before = c.Resolve("eu-qualified", new DateOnly(2024, 1, 1)).Requirements.Select(r => r.Id).ToList();
        Assert.Contains("EIDAS-ART19", before);
        Assert.DoesNotContain("CIR2025-1929-OVR-7.10-05", before);
        var after = c.Resolve("eu-qualified", new DateOnly(2031, 1, 1)).Requirements.Select(r => r.Id).ToList();
        Assert.DoesNotContain("EIDAS-ART19", after);
        Assert.Contains("CIR2025-1929-OVR-7.10-05", after);
        Assert.DoesNotContain("CIR2025-1929-FIPS140-3-KEYGEN", after);
    }
}


namespace Conformance.Yaml.Tests;

/// <summary>The strict reader: located problems, unknown and duplicate keys, type errors naming key and type.</summary>
public sealed class YamlFieldsTests
{
    private readonly List<YamlProblem> _problems = [];

    private YamlFields Parse(string yaml) =>
        YamlFile.Parse(yaml, "f.yaml", _problems, "a: ...") ?? throw new InvalidOperationException(string.Join("; ", _problems));

    private string Only => Assert.Single(_problems).ToString();

    [Fact]
    public void An_unknown_key_is_refused_on_its_line_with_the_closest_allowed_name()
    {
        YamlFields f = Parse("name: x\naccuracy: 1s\nhashs: [SHA-256]\n");
        f.OptionalString("name");
        f.OptionalDuration("accuracy");
        f.StringList("hashes");
        f.RejectUnknown("the target");

        Assert.Equal("f.yaml:3: unknown key 'hashs' in the target (did you mean 'hashes'?); allowed: accuracy, hashes, name", Only);
    }

    [Fact]
    public void An_unknown_key_far_from_every_allowed_name_gets_no_suggestion()
    {
        YamlFields f = Parse("name: x\ncolour: blue\n");
        f.OptionalString("name");
        f.RejectUnknown("hsm");

        Assert.Equal("f.yaml:2: unknown key 'colour' in hsm; allowed: name", Only);
    }

    [Fact]
    public void A_duplicate_key_is_refused_with_its_name_and_line()
    {
        Assert.Null(YamlFile.Parse("url: http://a/\nname: x\nurl: http://b/\n", "f.yaml", _problems, "url: ..."));

        Assert.Equal("f.yaml:3: duplicate key 'url': a key may appear only once in a mapping", Only);
    }

    [Fact]
    public void A_duplicate_key_in_a_nested_mapping_is_refused_too()
    {
        Assert.Null(YamlFile.Parse("auth:\n  basic:\n    user: a\n    user: b\n", "f.yaml", _problems, "url: ..."));

        Assert.StartsWith("f.yaml:4: duplicate key 'user'", Only);
    }

    [Theory]
    [InlineData("n: many\n", "OptionalInt", "f.yaml:1: 'n' must be a whole number, not 'many'")]
    [InlineData("n: yes\n", "OptionalBool", "f.yaml:1: 'n' must be true or false, not 'yes'")]
    [InlineData("n: 2025-13-01\n", "OptionalDate", "f.yaml:1: 'n' must be a date written as YYYY-MM-DD, not '2025-13-01'")]
    [InlineData("n: [1, 2]\n", "OptionalString", "f.yaml:1: 'n' must be a single text value, not a list")]
    [InlineData("n: { a: 1 }\n", "StringList", "f.yaml:1: 'n' must be a list, not a mapping")]
    public void A_wrong_type_names_the_key_and_the_expected_type(string yaml, string getter, string expected)
    {
        YamlFields f = Parse(yaml);
        _ = getter switch
        {
            "OptionalInt" => (object?)f.OptionalInt("n"),
            "OptionalBool" => f.OptionalBool("n"),
            "OptionalDate" => f.OptionalDate("n"),
            "OptionalString" => f.OptionalString("n"),
            _ => f.StringList("n"),
        };

        Assert.Equal(expected, Only);
    }

    [Fact]
    public void Nested_keys_are_named_with_their_path_and_their_own_line()
    {
        YamlFields f = Parse("url: http://a/\nhsm:\n  module: x.so\n  slot: first\n");
        YamlFields hsm = f.Mapping("hsm")!;
        hsm.OptionalString("module");
        hsm.OptionalInt("slot");

        Assert.Equal("f.yaml:4: 'hsm.slot' must be a whole number, not 'first'", Only);
    }

    [Fact]
    public void A_missing_required_key_is_reported_at_its_mapping()
    {
        YamlFields f = Parse("\n\ndocument:\n  title: T\n");
        YamlFields document = f.Mapping("document")!;
        Assert.Equal("T", document.RequireString("title"));
        Assert.Equal(string.Empty, document.RequireString("key"));

        Assert.Equal("f.yaml:4: missing required key 'document.key'", Only);
    }

    [Fact]
    public void List_entries_that_are_not_mappings_are_reported_and_skipped()
    {
        YamlFields f = Parse("policies:\n  - oid: 1.2.3\n  - just text\n");
        IReadOnlyList<YamlFields> items = f.Items("policies")!;

        Assert.Equal("1.2.3", Assert.Single(items).OptionalString("oid"));
        Assert.Equal("f.yaml:3: every entry of 'policies' must be a mapping (key: value lines), not 'just text'", Only);
    }

    [Fact]
    public void Syntax_errors_and_unclosed_lists_are_located()
    {
        Assert.Null(YamlFile.Parse("a: 1\nb: [unclosed\n", "f.yaml", _problems, "a: ..."));

        Assert.Matches(@"^f\.yaml:\d+: not valid YAML", Only);
    }

    [Fact]
    public void A_top_level_that_is_not_a_mapping_says_what_is_expected()
    {
        Assert.Null(YamlFile.Parse("- a\n- b\n", "f.yaml", _problems, "url:, qualified-url:, ..."));

        Assert.Equal("f.yaml:1: the top level must be a mapping (url:, qualified-url:, ...)", Only);
    }

    [Fact]
    public void A_missing_file_is_reported_without_a_line()
    {
        Assert.Null(YamlFile.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "none.yaml"), _problems, "a: ...", "none.yaml"));

        Assert.Equal("none.yaml: no such file", Only);
    }

    [Fact]
    public void Every_problem_of_a_file_is_collected_not_just_the_first()
    {
        YamlFields f = Parse("count: x\nstrict: y\ncolour: z\n");
        f.OptionalInt("count");
        f.OptionalBool("strict");
        f.RejectUnknown("the file");

        Assert.Equal(["f.yaml:1: 'count' must be a whole number, not 'x'", "f.yaml:2: 'strict' must be true or false, not 'y'", "f.yaml:3: unknown key 'colour' in the file; allowed: count, strict"],
            _problems.Select(p => p.ToString()));
    }
}

using System.Text.RegularExpressions;
using Conformance.Yaml;

namespace Conformance.Catalogue.Loading;

/// <summary>Reads one profiles/*.yaml: a named selection of requirements and the parameters checks compare against.</summary>
internal static partial class ProfileReader
{
    [GeneratedRegex(@"^[a-z][a-z0-9-]*$")]
    private static partial Regex ProfileIdPattern();

    public static Profile? Read(string path, string display, List<YamlProblem> problems)
    {
        var f = YamlFile.Read(path, problems, "id:, title:, include:, parameters: ...", display);
        if (f is null)
        {
            return null;
        }

        var id = f.RequireString("id");
        if (id.Length > 0 && !ProfileIdPattern().IsMatch(id))
        {
            f.ErrorAt("id", $"profile ID '{id}' must be lower-case letters, digits and hyphens");
        }

        var stem = Path.GetFileNameWithoutExtension(path);
        if (id.Length > 0 && !string.Equals(stem, id, StringComparison.Ordinal))
        {
            f.ErrorAt("id", $"profile ID '{id}' does not match its file name '{stem}'");
        }

        var parameters = f.Mapping("parameters") is { } p ? ReadParameters(p, id) : new ProfileParameters();
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

    private static ProfileParameters ReadParameters(YamlFields p, string id)
    {
        var parameters = new ProfileParameters
        {
            MaxAccuracySeconds = p.OptionalDecimal("max_accuracy_seconds"),
            AcceptedHashes = p.OptionalStringList("accepted_hashes"),
            RejectedHashes = p.OptionalStringList("rejected_hashes"),
            PolicyOids = p.OptionalStringList("policy_oids"),
            QualifiedStatementOid = p.OptionalString("qualified_statement_oid"),
            RequireHttps = p.OptionalBool("require_https"),
            MaxSerialBits = p.OptionalInt("max_serial_bits"),
            CryptoPolicy = p.OptionalString("crypto_policy"),
            SampleSize = p.OptionalInt("sample_size"),
        };
        p.RejectUnknown($"'parameters' of profile '{id}'");
        return parameters;
    }
}

using Conformance.Yaml;

namespace Conformance.Catalogue.Loading;

/// <summary>Reads one crypto/*.yaml: a versioned algorithm policy (its header and its algorithms).</summary>
internal static class CryptoPolicyReader
{
    public static CryptoPolicy? Read(string path, string display, List<YamlProblem> problems)
    {
        var root = YamlFile.Read(path, problems, "policy:, algorithms:", display);
        if (root is null)
        {
            return null;
        }

        var header = root.Mapping("policy");
        var list = root.Items("algorithms");
        root.RejectUnknown("a crypto policy file (expected 'policy' and 'algorithms')");
        if (header is null)
        {
            root.Error(root.Line, "missing required key 'policy'");
            return null;
        }

        var policy = new CryptoPolicy
        {
            Id = header.RequireString("id"),
            Title = header.RequireString("title"),
            Document = header.RequireString("document"),
            Version = header.RequireString("version"),
            Issued = header.OptionalString("issued"),
            InForceFrom = header.OptionalDate("in_force_from"),
            Notes = header.OptionalString("notes"),
            Confidence = RequirementReader.ReadConfidence(header, Confidence.Verified),
            Algorithms = [],
            File = display,
            Line = header.Line,
        };
        header.RejectUnknown("'policy'");
        if (list is null)
        {
            root.Error(root.Line, "missing required key 'algorithms' (a list)");
            return policy;
        }

        return policy with { Algorithms = [.. list.Select(a => ReadAlgorithm(a, policy.Confidence))] };
    }

    private static CryptoAlgorithm ReadAlgorithm(YamlFields a, Confidence policyConfidence)
    {
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
            a.ErrorAt("type", $"type '{typeText}' is not one of hash, signature, curve");
        }

        var algorithm = new CryptoAlgorithm
        {
            Type = type ?? CryptoAlgorithmType.Hash,
            Confidence = RequirementReader.ReadConfidence(a, policyConfidence),
            Name = a.RequireString("name"),
            Oids = a.StringList("oids"),
            MinKeyBits = a.OptionalInt("min_key_bits"),
            MaxKeyBits = a.OptionalInt("max_key_bits"),
            ValidUntil = a.OptionalDate("valid_until"),
            Legacy = a.OptionalBool("legacy") ?? false,
            Accepted = a.OptionalBool("accepted") ?? true,
            Table = a.OptionalString("table") ?? "",
            Placeholder = a.OptionalBool("placeholder") ?? false,
            Notes = a.OptionalString("notes"),
            Line = a.Line,
        };
        if (algorithm.MinKeyBits is { } min && algorithm.MaxKeyBits is { } max && max < min)
        {
            a.ErrorAt("max_key_bits", $"max_key_bits {max} is below min_key_bits {min}");
        }

        a.RejectUnknown($"algorithm '{algorithm.Name}'");
        return algorithm;
    }
}

using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Signing;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ReferenceTsa.Certificates;

/// <summary>
/// An algorithm policy file in the repository's spec/crypto format (signature schemes with key-size bands, end dates
/// and refusals; curves), applied to a TSU certificate before it may sign: the scheme and key size must be accepted,
/// and neither the certificate's notAfter nor its privateKeyUsagePeriod may run past the scheme's end date (EN 319 421
/// TIS-7.6.5-01: a TSU key is not used beyond the end of its algorithm's acceptability); the usage period must end
/// by notAfter.
/// </summary>
public sealed class TsuCryptoPolicy
{
    private TsuCryptoPolicy(string id, IReadOnlyList<Row> rows)
    {
        Id = id;
        Rows = rows;
    }

    public string Id { get; }

    private IReadOnlyList<Row> Rows { get; }

    /// <summary>
    /// The Tsa:CryptoPolicy file, applied in production mode only (development certificates are the dev CA's); null
    /// when none applies, or with a problem naming the setting when the file is not a policy.
    /// </summary>
    public static TsuCryptoPolicy? Configured(string? file, bool production, string baseDirectory, List<Configuration.ConfigurationProblem> problems)
    {
        if (file is not { Length: > 0 } || !production)
        {
            return null;
        }

        try
        {
            return Load(Path.GetFullPath(file, baseDirectory));
        }
        catch (InvalidDataException e)
        {
            problems.Add(new("Tsa:CryptoPolicy", e.Message));
            return null;
        }
    }

    /// <summary>Reads the file; throws <see cref="InvalidDataException"/> naming it when it is not a policy.</summary>
    public static TsuCryptoPolicy Load(string path)
    {
        try
        {
            var file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties().Build()
                .Deserialize<PolicyFile>(File.ReadAllText(path));
            if (file?.Policy?.Id is not { Length: > 0 } id || file.Algorithms is not { Count: > 0 } rows)
            {
                throw new InvalidDataException($"{path} is not an algorithm policy (no policy.id or no algorithms)");
            }

            return new TsuCryptoPolicy(id, rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            throw new InvalidDataException($"{path} cannot be read as an algorithm policy: {e.Message}", e);
        }
    }

    /// <summary>Why <paramref name="certificate"/> must not sign under this policy with <paramref name="scheme"/>; empty when it may.</summary>
    public IReadOnlyList<string> Problems(X509Certificate2 certificate, SignatureScheme scheme)
    {
        var problems = new List<string>();
        string name = scheme switch
        {
            SignatureScheme.RsaPkcs1 => "rsa-pkcs1-v1_5",
            SignatureScheme.RsaPss => "rsassa-pss",
            _ => "ecdsa",
        };
        int bits;
        string? curve = null;
        using (var rsa = certificate.GetRSAPublicKey())
        using (var ec = certificate.GetECDsaPublicKey())
        {
            bits = rsa?.KeySize ?? ec?.KeySize ?? 0;
            if (ec is not null && certificate.PublicKey.EncodedParameters is { } parameters)
            {
                curve = AsnDecoder.ReadObjectIdentifier(parameters.RawData, AsnEncodingRules.DER, out _);
            }
        }

        var row = Rows.Where(r => r.Type == "signature" && r.Name == name && bits >= (r.MinKeyBits ?? 0) && bits <= (r.MaxKeyBits ?? int.MaxValue))
            .OrderByDescending(r => r.MinKeyBits ?? 0).FirstOrDefault();
        DateTimeOffset notAfter = new(certificate.NotAfter.ToUniversalTime());
        var usage = PrivateKeyUsagePeriod.FromCertificate(certificate);
        if (row is null || row.Accepted == false)
        {
            problems.Add($"{name} with a {bits}-bit key is {(row is null ? "not listed in" : "refused by")} the crypto policy {Id}");
        }
        else if (row.ValidUntil is { Length: > 0 } until
                 && DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end))
        {
            var lastInstant = end.Date.AddDays(1).AddTicks(-1);
            if (notAfter > lastInstant)
            {
                problems.Add($"its notAfter {notAfter:u} is after {until}, the end of {name} with {bits}-bit keys in the crypto policy {Id} (EN 319 421 TIS-7.6.5-01)");
            }

            if (usage is not null && usage.NotAfter > lastInstant)
            {
                problems.Add($"its privateKeyUsagePeriod ends {usage.NotAfter:u}, after {until}, the end of {name} with {bits}-bit keys in the crypto policy {Id}");
            }
        }

        if (curve is not null && !Rows.Any(r => r.Type == "curve" && r.Accepted != false && (r.Oids ?? []).Contains(curve)))
        {
            problems.Add($"its curve {curve} is not an accepted curve of the crypto policy {Id}");
        }

        if (usage is not null && usage.NotAfter > notAfter)
        {
            problems.Add($"its privateKeyUsagePeriod ends {usage.NotAfter:u}, after the certificate's notAfter {notAfter:u}");
        }

        return problems;
    }

    private sealed class PolicyFile
    {
        public PolicyHeader? Policy { get; set; }

        public List<Row>? Algorithms { get; set; }
    }

    private sealed class PolicyHeader
    {
        public string? Id { get; set; }
    }

    private sealed class Row
    {
        public string? Type { get; set; }

        public string? Name { get; set; }

        public List<string>? Oids { get; set; }

        public int? MinKeyBits { get; set; }

        public int? MaxKeyBits { get; set; }

        public string? ValidUntil { get; set; }

        public bool? Accepted { get; set; }
    }
}

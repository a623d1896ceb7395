using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ReferenceTsa.Certificates;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Configuration;

/// <summary>
/// The embedded default (`dev init`): a development root CA, two TSUs with different subject names
/// (EN 319 421 TIS-8.2-02), their software keys and a tsa.json that serves /tsa and /qtsa.
/// </summary>
public static class EmbeddedDefault
{
    public const string ConfigurationFileName = "tsa.json";
    public const string RootCaFileName = "dev-root-ca.pem";

    /// <summary>UUID-based OIDs (ITU-T X.667) for the reference TSA's own policies, which incorporate BTSP.</summary>
    public const string NonQualifiedPolicyOid = "2.25.186532999027366454673027308538873352692";
    public const string QualifiedPolicyOid = "2.25.142777592378181022401998840928984709651";

    public sealed record Options(DevKeyType NonQualifiedKey = DevKeyType.Rsa3072, DevKeyType QualifiedKey = DevKeyType.Rsa3072);

    public static bool IsInitialized(string dataDirectory) =>
        File.Exists(Path.Combine(dataDirectory, ConfigurationFileName));

    /// <summary>Creates the development data directory. Refuses to overwrite an existing one unless forced.</summary>
    public static string Initialize(string dataDirectory, Options options, bool force = false)
    {
        Directory.CreateDirectory(dataDirectory);
        string configPath = Path.Combine(dataDirectory, ConfigurationFileName);
        if (File.Exists(configPath) && !force)
        {
            throw new InvalidOperationException($"{configPath} exists already; use --force to replace the development set-up");
        }

        var now = DateTimeOffset.UtcNow;
        using var ca = DevCertificateAuthority.Create(now);
        WritePublic(Path.Combine(dataDirectory, RootCaFileName), ca.Certificate.ExportCertificatePem());
        WriteSecret(Path.Combine(dataDirectory, "dev-root-ca.key.pem"), ca.ExportKeyPem());

        var tsaOptions = new TsaOptions
        {
            DataDirectory = ".",
            AllowSoftwareKeys = true,
            Tsus =
            {
                ["tsu-nonqualified"] = CreateTsu(dataDirectory, ca, "tsu-nonqualified", options.NonQualifiedKey,
                    "Reference TSA TSU 1 (non-qualified)", now),
                ["tsu-qualified"] = CreateTsu(dataDirectory, ca, "tsu-qualified", options.QualifiedKey,
                    "Reference TSA QTSU 1 (qualified)", now),
            },
            Endpoints =
            {
                ["tsa"] = new EndpointOptions
                {
                    Path = "/tsa",
                    Tsu = "tsu-nonqualified",
                    Policy = NonQualifiedPolicyOid,
                    AcceptedPolicies = [Oids.BestPracticesTimeStampPolicy],
                },
                ["qtsa"] = new EndpointOptions
                {
                    Path = "/qtsa",
                    Tsu = "tsu-qualified",
                    Qualified = true,
                    Policy = QualifiedPolicyOid,
                    AcceptedPolicies = [Oids.BestPracticesTimeStampPolicy],
                },
            },
        };

        string json = JsonSerializer.Serialize(new Dictionary<string, TsaOptions> { [TsaOptions.Section] = tsaOptions },
            new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
        WritePublic(configPath, json + Environment.NewLine);
        return configPath;
    }

    private static TsuOptions CreateTsu(string dataDirectory, DevCertificateAuthority ca, string name, DevKeyType keyType,
        string commonName, DateTimeOffset now)
    {
        using AsymmetricAlgorithm key = keyType switch
        {
            DevKeyType.Rsa3072 or DevKeyType.Rsa3072Pss => RSA.Create(3072),
            DevKeyType.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            DevKeyType.EcdsaP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            _ => throw new ArgumentOutOfRangeException(nameof(keyType)),
        };
        var publicKey = key switch
        {
            RSA rsa => new PublicKey(rsa),
            ECDsa ecdsa => new PublicKey(ecdsa),
            _ => throw new InvalidOperationException(),
        };
        using var certificate = ca.IssueTsuCertificate(publicKey, commonName, now,
            certificateLifetime: TimeSpan.FromDays(3 * 365), privateKeyLifetime: TimeSpan.FromDays(365));

        string certificateFile = $"{name}.cert.pem";
        string keyFile = $"{name}.key.pem";
        WritePublic(Path.Combine(dataDirectory, certificateFile), certificate.ExportCertificatePem());
        WriteSecret(Path.Combine(dataDirectory, keyFile), key.ExportPkcs8PrivateKeyPem());
        return new TsuOptions
        {
            Certificate = certificateFile,
            SignerDigest = keyType.SignerDigest(),
            Key = new KeyOptions { Type = "software", Scheme = keyType.Scheme(), Path = keyFile },
        };
    }

    private static void WritePublic(string path, string text) => File.WriteAllText(path, text);

    private static void WriteSecret(string path, string text)
    {
        // Created empty with mode 0600 first, so the key is never readable by others, even briefly.
        if (!OperatingSystem.IsWindows())
        {
            using (File.Create(path))
            {
            }

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(path, text);
    }
}

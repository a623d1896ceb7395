using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Net.Pkcs11Interop.Common;
using ReferenceTsa.Certificates;
using ReferenceTsa.Events;
using ReferenceTsa.Protocol;
using ReferenceTsa.Signing;
using ReferenceTsa.Signing.Pkcs11;

namespace ReferenceTsa.Configuration;

/// <summary>Where `dev init` puts the TSU keys.</summary>
public enum DevKeyStore
{
    /// <summary>PKCS#8 files in the data directory: development only, not HSM-protected.</summary>
    Software,

    /// <summary>A SoftHSM2 token under DIR/softhsm/, configured by DIR/softhsm2.conf, user PIN in DIR/hsm-user-pin.</summary>
    SoftHsm,
}

/// <summary>
/// The embedded default (`dev init`): a development root CA, two TSUs with different subject names
/// (EN 319 421 TIS-8.2-02), their keys (generated inside a SoftHSM2 token when the CLI finds libsofthsm2.so, else in
/// software) and a tsa.json that serves /tsa and /qtsa.
/// </summary>
public static class EmbeddedDefault
{
    public const string ConfigurationFileName = "tsa.json";
    public const string RootCaFileName = "dev-root-ca.pem";

    /// <summary>The dev CA's (empty) CRL, for clients that check revocation through the CRL distribution point.</summary>
    public const string RootCaCrlFileName = "dev-root-ca.crl";

    /// <summary>UUID-based OIDs (ITU-T X.667) for the reference TSA's own policies, which incorporate BTSP.</summary>
    public const string NonQualifiedPolicyOid = "2.25.186532999027366454673027308538873352692";
    public const string QualifiedPolicyOid = "2.25.142777592378181022401998840928984709651";

    /// <summary>The development HTTPS server certificate (localhost, 127.0.0.1, ::1) from the dev root CA, and its key.</summary>
    public const string TlsCertificateFileName = "tls.cert.pem";
    public const string TlsKeyFileName = "tls.key.pem";
    private const string RootCaKeyFileName = "dev-root-ca.key.pem";

    public const string SoftHsmConfigurationFileName = "softhsm2.conf";
    public const string SoftHsmTokenDirectoryName = "softhsm";
    public const string UserPinFileName = "hsm-user-pin";
    public const string DevTokenLabel = "reference-tsa-dev";

    /// <summary>
    /// <paramref name="Store"/> defaults to software for in-process users (tests, `tsa-conformance --target reference`):
    /// SoftHSM reads its configuration once per process, so several embedded TSAs in one process cannot each have a
    /// token of their own. `dev init` and `serve` pass <see cref="PreferredStore"/>.
    /// </summary>
    public sealed record Options(DevKeyType NonQualifiedKey = DevKeyType.Rsa3072, DevKeyType QualifiedKey = DevKeyType.Rsa3072,
        DevKeyStore Store = DevKeyStore.Software);

    private static readonly string[] SoftHsmModuleCandidates =
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
    ];

    /// <summary>The installed SoftHSM2 module, if any.</summary>
    public static string? SoftHsmModule => SoftHsmModuleCandidates.FirstOrDefault(File.Exists);

    /// <summary>SoftHSM when it is installed, software keys otherwise.</summary>
    public static DevKeyStore PreferredStore() => SoftHsmModule is null ? DevKeyStore.Software : DevKeyStore.SoftHsm;

    public const string SoftwareKeyWarning =
        "WARNING: the TSU keys are SOFTWARE keys in PKCS#8 files, NOT HSM-protected: non-conformant with EN 319 421 "
        + "TIS-7.6.2, for development only. Install SoftHSM2 (apt-get install softhsm2) to have them generated in a token.";

    public static bool IsInitialized(string dataDirectory) =>
        File.Exists(Path.Combine(dataDirectory, ConfigurationFileName));

    /// <summary>Creates the development data directory. Refuses to overwrite an existing one unless forced.</summary>
    public static string Initialize(string dataDirectory, Options options, bool force = false)
    {
        CreatePrivateDirectory(dataDirectory);
        string configPath = Path.Combine(dataDirectory, ConfigurationFileName);
        if (File.Exists(configPath) && !force)
        {
            throw new InvalidOperationException($"{configPath} exists already; use --force to replace the development set-up");
        }

        var now = DateTimeOffset.UtcNow;
        using var ca = DevCertificateAuthority.Create(now);
        WritePublic(Path.Combine(dataDirectory, RootCaFileName), ca.Certificate.ExportCertificatePem());
        WritePublic(Path.Combine(dataDirectory, RootCaCrlFileName), ca.ExportEmptyCrlPem(now));
        WriteSecret(Path.Combine(dataDirectory, RootCaKeyFileName), ca.ExportKeyPem());
        var tls = WriteTlsCertificate(dataDirectory, ca, now);

        using var token = options.Store == DevKeyStore.SoftHsm ? DevToken.Create(dataDirectory, force) : null;
        var tsaOptions = new TsaOptions
        {
            DataDirectory = ".",
            // Development: allows Tsa:Defects for testing the conformance suite; a deployment's own file is production.
            Mode = "development",
            AllowSoftwareKeys = token is null,
            // Development has no trusted UTC source to hand; a deployment lists its NTP sources in Tsa:Clock:Sources.
            Clock = new Clock.ClockOptions { AllowUnmonitoredClock = true },
            Tls = tls,
            Tsus =
            {
                ["tsu-nonqualified"] = CreateTsu(dataDirectory, ca, "tsu-nonqualified", options.NonQualifiedKey,
                    "Reference TSA TSU 1 (non-qualified)", now, token),
                ["tsu-qualified"] = CreateTsu(dataDirectory, ca, "tsu-qualified", options.QualifiedKey,
                    "Reference TSA QTSU 1 (qualified)", now, token),
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
        // A development EU trusted list naming the qualified TSU as granted QTST, and a list of lists announcing its signer.
        using (var qualifiedCertificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(dataDirectory, tsaOptions.Tsus["tsu-qualified"].Certificate!)))
        {
            TrustedList.DevTrustedList.Write(dataDirectory, qualifiedCertificate, Defects.ActiveDefects.None, now);
        }

        return configPath;
    }

    /// <summary>
    /// The Tsa:Tls section for a development data directory: its TLS files, issued now by the dev root CA when they are
    /// missing (a directory made before `dev init` wrote them); null when neither they nor the CA key are there.
    /// </summary>
    public static Tls.TlsOptions? EnsureTlsCertificate(string dataDirectory)
    {
        if (File.Exists(Path.Combine(dataDirectory, TlsCertificateFileName)) && File.Exists(Path.Combine(dataDirectory, TlsKeyFileName)))
        {
            return new Tls.TlsOptions { Certificate = TlsCertificateFileName, Key = TlsKeyFileName };
        }

        string certificate = Path.Combine(dataDirectory, RootCaFileName);
        string key = Path.Combine(dataDirectory, RootCaKeyFileName);
        if (!File.Exists(certificate) || !File.Exists(key))
        {
            return null;
        }

        using var ca = DevCertificateAuthority.Load(certificate, key);
        return WriteTlsCertificate(dataDirectory, ca, DateTimeOffset.UtcNow);
    }

    private static Tls.TlsOptions WriteTlsCertificate(string dataDirectory, DevCertificateAuthority ca, DateTimeOffset now)
    {
        // 397 days: the longest a publicly trusted TLS certificate may last (CA/Browser Forum Baseline Requirements).
        var (certificatePem, keyPem) = ca.IssueLoopbackTlsCertificate(now, TimeSpan.FromDays(397));
        WritePublic(Path.Combine(dataDirectory, TlsCertificateFileName), certificatePem);
        WriteSecret(Path.Combine(dataDirectory, TlsKeyFileName), keyPem);
        return new Tls.TlsOptions { Certificate = TlsCertificateFileName, Key = TlsKeyFileName };
    }

    private static TsuOptions CreateTsu(string dataDirectory, DevCertificateAuthority ca, string name, DevKeyType keyType,
        string commonName, DateTimeOffset now, DevToken? token)
    {
        if (token is not null)
        {
            return token.CreateTsu(ca, name, keyType, commonName, now);
        }

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
            certificateLifetime: TimeSpan.FromDays(3 * 365), privateKeyLifetime: TimeSpan.FromDays(365), notAfterLimit: keyType.AlgorithmSunset());

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

    /// <summary>Certificates and configuration: 0644 whatever the umask, so no one else can change them.</summary>
    private static void WritePublic(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    /// <summary>A folder this creates is 0700 whatever the umask; an existing one is left as it is (serve judges it).</summary>
    private static void CreatePrivateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // the umask applies to the mode above
    }

    /// <summary>
    /// The development SoftHSM2 token: DIR/softhsm2.conf pointing at DIR/softhsm/, a token initialised through
    /// C_InitToken with a random SO PIN that is not kept, and a random user PIN in DIR/hsm-user-pin (0600).
    /// SOFTHSM2_CONF is set for this process (setenv) before the module is loaded.
    /// </summary>
    private sealed class DevToken : IDisposable
    {
        private readonly string _dataDirectory;
        private readonly Pkcs11KeyCeremony _ceremony;
        private readonly JsonLinesEventLog _events;

        private DevToken(string dataDirectory, Pkcs11KeyCeremony ceremony)
        {
            _dataDirectory = dataDirectory;
            _ceremony = ceremony;
            _events = JsonLinesEventLog.InDirectory(dataDirectory);
        }

        public static DevToken Create(string dataDirectory, bool force)
        {
            string module = SoftHsmModule ?? throw new InvalidOperationException("SoftHSM2 is not installed (apt-get install softhsm2)");
            string conf = Path.Combine(dataDirectory, SoftHsmConfigurationFileName);
            string tokens = Path.Combine(dataDirectory, SoftHsmTokenDirectoryName);
            if (Pkcs11Module.IsLoaded(module) && Environment.GetEnvironmentVariable("SOFTHSM2_CONF") != conf)
            {
                throw new InvalidOperationException(
                    $"SoftHSM2 is already loaded in this process with another SOFTHSM2_CONF; it reads it once per process");
            }

            if (force && Directory.Exists(tokens))
            {
                Directory.Delete(tokens, recursive: true);
            }

            CreatePrivateDirectory(tokens);
            WritePublic(conf, $"# SoftHSM2 configuration of the reference TSA development token (dev init).\n"
                              + $"directories.tokendir = {tokens}/\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
            NativeEnvironment.Set("SOFTHSM2_CONF", conf);

            string userPin = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            string soPin = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            WriteSecret(Path.Combine(dataDirectory, UserPinFileName), userPin + "\n");

            var module11 = Pkcs11Module.Acquire(module);
            try
            {
                module11.Gate.EnterReadLock();
                try
                {
                    var free = module11.Library.GetSlotList(SlotsType.WithTokenPresent)
                        .FirstOrDefault(s => !s.GetTokenInfo().TokenFlags.TokenInitialized)
                        ?? throw new InvalidOperationException("SoftHSM2 offers no free slot");
                    free.InitToken(soPin, DevTokenLabel);
                    // C_InitToken renumbers SoftHSM slots: find the token again by its label.
                    var slot = Pkcs11Token.FindSlot(module11.Library, new Pkcs11TokenSelector(module, DevTokenLabel, null));
                    using var session = slot.OpenSession(SessionType.ReadWrite);
                    session.Login(CKU.CKU_SO, soPin);
                    session.InitPin(userPin);
                    session.Logout();
                }
                finally
                {
                    module11.Gate.ExitReadLock();
                }

                return new DevToken(dataDirectory, Pkcs11KeyCeremony.Open(new Pkcs11TokenSelector(module, DevTokenLabel, null), userPin));
            }
            finally
            {
                module11.Release();
            }
        }

        public TsuOptions CreateTsu(DevCertificateAuthority ca, string name, DevKeyType keyType, string commonName, DateTimeOffset now)
        {
            var algorithm = keyType switch
            {
                DevKeyType.Rsa3072 or DevKeyType.Rsa3072Pss => TsuKeyAlgorithm.Rsa3072,
                DevKeyType.EcdsaP256 => TsuKeyAlgorithm.EcdsaP256,
                _ => TsuKeyAlgorithm.EcdsaP384,
            };
            var (selector, spki) = _ceremony.Generate(algorithm, name, null);
            var (_, attributes, _) = _ceremony.Describe(selector);
            var reference = Pkcs11KeyCeremony.Reference(attributes, spki);
            _events.Append("key.generated", reference, new Dictionary<string, string> { ["algorithm"] = algorithm.ToString(), ["by"] = "dev init" });

            using var certificate = ca.IssueTsuCertificate(PublicKey.CreateFromSubjectPublicKeyInfo(spki, out _), commonName, now,
                certificateLifetime: TimeSpan.FromDays(3 * 365), privateKeyLifetime: TimeSpan.FromDays(365), notAfterLimit: keyType.AlgorithmSunset());
            var scheme = keyType switch
            {
                DevKeyType.Rsa3072 => SignatureScheme.RsaPkcs1,
                DevKeyType.Rsa3072Pss => SignatureScheme.RsaPss,
                _ => SignatureScheme.Ecdsa,
            };
            _ceremony.ImportCertificate(selector, scheme, certificate, now);
            _events.Append("key.certificate-imported", reference, new Dictionary<string, string>
            {
                ["certificateSha256"] = certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(),
                ["by"] = "dev init",
            });

            string certificateFile = $"{name}.cert.pem";
            WritePublic(Path.Combine(_dataDirectory, certificateFile), certificate.ExportCertificatePem());
            return new TsuOptions
            {
                Certificate = certificateFile,
                SignerDigest = keyType.SignerDigest(),
                Key = new KeyOptions
                {
                    Type = "pkcs11",
                    Scheme = keyType.Scheme(),
                    Module = _ceremony.Token.ModulePath,
                    TokenLabel = DevTokenLabel,
                    KeyLabel = name,
                    KeyId = reference.IdHex,
                    PinFile = UserPinFileName,
                    SoftHsm2Conf = SoftHsmConfigurationFileName,
                    PoolSize = Math.Max(2, Environment.ProcessorCount),
                },
            };
        }

        public void Dispose() => _ceremony.Dispose();
    }

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

using System.Text.Json;
using System.Text.Json.Serialization;
using Conformance.Checks.Hsm;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;

namespace Conformance.Targets.Reference.Keys;

/// <summary>
/// Where the reference target's TSU keys live. With SoftHSM2 installed: one SoftHSM token per process, made by the
/// reference TSA's own `dev init` (keys generated on the token, events logged), which every reference instance of the
/// process shares. SoftHSM reads SOFTHSM2_CONF once when it is initialised, so two tokens with different configurations
/// cannot be live in one process at the same time (the test host runs several reference targets). Without SoftHSM2:
/// software keys, with a loud warning, and TSP-REF-004 fails.
/// </summary>
public sealed class ReferenceKeyStore
{
    private static readonly Lock Gate = new();
    private static ReferenceKeyStore? _process;
    private static ReferenceKeyStore? _softwareCopies;

    private readonly string? _seedDirectory;
    private readonly string? _softwareTemplate;

    private ReferenceKeyStore(string? seedDirectory, string? warning, string? softwareTemplate = null)
    {
        _seedDirectory = seedDirectory;
        Warning = warning;
        _softwareTemplate = softwareTemplate;
    }

    /// <summary>Null when the keys are in SoftHSM; otherwise why they are software keys.</summary>
    public string? Warning { get; }

    public bool InHsm => _seedDirectory is not null;

    /// <summary>Software keys whatever is installed (to show that TSP-REF-004 fails on them).</summary>
    public static ReferenceKeyStore Software { get; } = new(null, EmbeddedDefault.SoftwareKeyWarning);

    /// <summary>The process's key store, created on first use (a few seconds: two RSA-3072 keys generated on the token).</summary>
    public static ReferenceKeyStore ForProcess()
    {
        lock (Gate)
        {
            return _process ??= Create();
        }
    }

    /// <summary>
    /// Software keys made once per process (dev root CA, two TSUs) and copied whole into every data directory: the
    /// defect matrix starts a fresh TSA per defect without generating keys again.
    /// </summary>
    public static ReferenceKeyStore SoftwareCopies()
    {
        lock (Gate)
        {
            if (_softwareCopies is null)
            {
                string template = Directory.CreateTempSubdirectory("tsa-conformance-software-keys-").FullName;
                EmbeddedDefault.Initialize(template, new EmbeddedDefault.Options());
                AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(template);
                _softwareCopies = new ReferenceKeyStore(null, EmbeddedDefault.SoftwareKeyWarning, template);
            }

            return _softwareCopies;
        }
    }

    private static ReferenceKeyStore Create()
    {
        if (EmbeddedDefault.SoftHsmModule is null)
        {
            return new ReferenceKeyStore(null, EmbeddedDefault.SoftwareKeyWarning);
        }

        string seed = Directory.CreateTempSubdirectory("tsa-conformance-softhsm-").FullName;
        try
        {
            EmbeddedDefault.Initialize(seed, new EmbeddedDefault.Options(Store: DevKeyStore.SoftHsm));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Net.Pkcs11Interop.Common.Pkcs11Exception)
        {
            TryDelete(seed);
            return new ReferenceKeyStore(null, $"{EmbeddedDefault.SoftwareKeyWarning} (SoftHSM2 could not be used: {e.Message})");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(seed);
        return new ReferenceKeyStore(seed, null);
    }

    /// <summary>
    /// Fills an empty data directory for one reference instance: the dev CA, the TSU certificates, the key events of
    /// the ceremony, and a tsa.json whose PKCS#11 settings point at the shared token (absolute paths). Without SoftHSM
    /// the reference TSA's `dev init` makes software keys there instead, or the process's software template is copied there
    /// (<see cref="SoftwareCopies"/>).
    /// </summary>
    public void PrepareDataDirectory(string dataDirectory)
    {
        if (_softwareTemplate is not null)
        {
            foreach (string file in Directory.EnumerateFiles(_softwareTemplate))
            {
                File.Copy(file, Path.Combine(dataDirectory, Path.GetFileName(file)));
            }

            return;
        }

        if (_seedDirectory is null)
        {
            EmbeddedDefault.Initialize(dataDirectory, new EmbeddedDefault.Options(Store: DevKeyStore.Software));
            return;
        }

        foreach (string file in Directory.EnumerateFiles(_seedDirectory))
        {
            string name = Path.GetFileName(file);
            if (name != EmbeddedDefault.ConfigurationFileName && !name.StartsWith("state.", StringComparison.Ordinal)
                && !name.StartsWith("evidence.", StringComparison.Ordinal) && name != EmbeddedDefault.UserPinFileName)
            {
                File.Copy(file, Path.Combine(dataDirectory, name));
            }
        }

        TsaOptions options = TsaConfigurationFile.Read(Path.Combine(_seedDirectory, EmbeddedDefault.ConfigurationFileName));
        foreach (TsuOptions tsu in options.Tsus.Values)
        {
            if (tsu.Key.SoftHsm2Conf is { } conf)
            {
                tsu.Key.SoftHsm2Conf = Path.GetFullPath(conf, _seedDirectory);
            }

            if (tsu.Key.PinFile is { } pin)
            {
                tsu.Key.PinFile = Path.GetFullPath(pin, _seedDirectory);
            }
        }

        WriteConfiguration(options, dataDirectory);
    }

    /// <summary>PKCS#11 access to the keys of <paramref name="dataDirectory"/>'s TSUs, as the target file's hsm: section would give it.</summary>
    public static HsmKeyAccess? AccessFor(string dataDirectory)
    {
        TsaOptions options = TsaConfigurationFile.Read(Path.Combine(dataDirectory, EmbeddedDefault.ConfigurationFileName));
        KeyOptions? Key(bool qualified)
        {
            string? tsu = options.Endpoints.Values.FirstOrDefault(e => e.Qualified == qualified)?.Tsu;
            return tsu is not null && options.Tsus.TryGetValue(tsu, out TsuOptions? found) && found.Key.Type == "pkcs11" ? found.Key : null;
        }

        KeyOptions? nonQualified = Key(false), qualified = Key(true);
        KeyOptions? any = nonQualified ?? qualified;
        if (any?.Module is null)
        {
            return null;
        }

        return new HsmKeyAccess
        {
            ModulePath = any.Module,
            TokenLabel = any.TokenLabel,
            Slot = any.Slot,
            PinFile = any.PinFile is null ? null : Path.GetFullPath(any.PinFile, dataDirectory),
            PinEnvironmentVariable = any.PinEnvironmentVariable,
            SoftHsm2Conf = any.SoftHsm2Conf is null ? null : Path.GetFullPath(any.SoftHsm2Conf, dataDirectory),
            NonQualifiedKey = Selector(nonQualified),
            QualifiedKey = Selector(qualified),
        };

        static HsmKeySelector? Selector(KeyOptions? key) =>
            key is null ? null : new HsmKeySelector(key.KeyLabel, key.KeyId is null ? null : Convert.FromHexString(key.KeyId));
    }

    /// <summary>Writes tsa.json the way `dev init` does.</summary>
    public static void WriteConfiguration(TsaOptions options, string dataDirectory)
    {
        string json = JsonSerializer.Serialize(new Dictionary<string, TsaOptions> { [TsaOptions.Section] = options },
            new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull });
        File.WriteAllText(Path.Combine(dataDirectory, EmbeddedDefault.ConfigurationFileName), json + Environment.NewLine);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

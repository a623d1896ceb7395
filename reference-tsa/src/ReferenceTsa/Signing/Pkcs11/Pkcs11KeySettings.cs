using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using ReferenceTsa.Configuration;
using ReferenceTsa.Events;

namespace ReferenceTsa.Signing.Pkcs11;

/// <summary>
/// The PKCS#11 branch of a TSU key section and its start-up gate: the module, the token (label or slot), the key
/// (label and/or id), the PIN (environment variable or file), the pool size and SoftHSM2's configuration file. The key
/// must be found, sensitive and never extractable (<see cref="Pkcs11KeyAttributes.GateProblems"/>); the caller then
/// checks it against the certificate.
/// </summary>
public static class Pkcs11KeySettings
{
    /// <summary>Opens the key; null with every problem named by its setting when the section or the token refuses.</summary>
    public static ITsuSigningKey? Open(string prefix, KeyOptions key, string baseDirectory, string dataDirectory,
        List<ConfigurationProblem> problems)
    {
        int before = problems.Count;
        SignatureScheme? scheme = SigningKeySettings.Scheme(prefix, key, problems);
        string? module = string.IsNullOrWhiteSpace(key.Module) ? null : Path.GetFullPath(key.Module, baseDirectory);
        if (module is null || !File.Exists(module))
        {
            problems.Add(new($"{prefix}:Key:Module", module is null ? "no PKCS#11 module is configured" : $"{module} does not exist"));
        }

        byte[]? keyId = ValidateSelectors(prefix, key, problems);
        string? pin = ReadPin(prefix, key, baseDirectory, problems);
        if (problems.Count > before || module is null || pin is null || scheme is null
            || !ApplySoftHsm2Conf(prefix, key, module, baseDirectory, problems))
        {
            return null;
        }

        var events = JsonLinesEventLog.InDirectory(dataDirectory);
        var tokenSelector = new Pkcs11TokenSelector(module, string.IsNullOrWhiteSpace(key.TokenLabel) ? null : key.TokenLabel, key.Slot);
        var keySelector = new Pkcs11KeySelector(string.IsNullOrWhiteSpace(key.KeyLabel) ? null : key.KeyLabel, keyId);
        try
        {
            return Pkcs11SigningKey.Open(tokenSelector, keySelector, pin, key.PoolSize, scheme.Value, events);
        }
        catch (Pkcs11KeyRefusedException e)
        {
            problems.Add(new($"{prefix}:Key", e.Message));
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_LOCKED or CKR.CKR_PIN_LEN_RANGE)
        {
            problems.Add(new(key.PinFile is not null ? $"{prefix}:Key:PinFile" : $"{prefix}:Key:PinEnvironmentVariable",
                $"login to {tokenSelector} failed: {e.RV}"));
        }
        catch (Exception e) when (e is Pkcs11UnavailableException or Pkcs11Exception or CryptographicException or UnmanagedException)
        {
            problems.Add(new(key.Slot is null ? $"{prefix}:Key:TokenLabel" : $"{prefix}:Key:Slot",
                $"{keySelector} on {tokenSelector}: {Pkcs11Token.Describe(e)}"));
        }

        return null;
    }

    /// <summary>Token label or slot (exactly one), key label and/or id (hex, colons allowed), pool size; returns the id.</summary>
    private static byte[]? ValidateSelectors(string prefix, KeyOptions key, List<ConfigurationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(key.TokenLabel) == (key.Slot is null))
        {
            problems.Add(new($"{prefix}:Key:TokenLabel", "give exactly one of TokenLabel and Slot"));
        }

        byte[]? keyId = null;
        if (!string.IsNullOrWhiteSpace(key.KeyId))
        {
            try
            {
                keyId = Convert.FromHexString(key.KeyId.Replace(":", "", StringComparison.Ordinal));
            }
            catch (FormatException)
            {
                problems.Add(new($"{prefix}:Key:KeyId", $"'{key.KeyId}' is not hexadecimal"));
            }
        }

        if (string.IsNullOrWhiteSpace(key.KeyLabel) && string.IsNullOrWhiteSpace(key.KeyId))
        {
            problems.Add(new($"{prefix}:Key:KeyLabel", "give KeyLabel, KeyId or both to name the private key"));
        }

        if (key.PoolSize is < 1 or > 256)
        {
            problems.Add(new($"{prefix}:Key:PoolSize", $"{key.PoolSize} is outside 1 to 256"));
        }

        return keyId;
    }

    /// <summary>The PIN from an environment variable or a file; never from the command line and never logged.</summary>
    private static string? ReadPin(string prefix, KeyOptions key, string baseDirectory, List<ConfigurationProblem> problems)
    {
        if ((key.PinEnvironmentVariable is { Length: > 0 }) == (key.PinFile is { Length: > 0 }))
        {
            problems.Add(new($"{prefix}:Key:PinEnvironmentVariable", "give exactly one of PinEnvironmentVariable and PinFile"));
            return null;
        }

        return ConfigurationSecret.Read($"{prefix}:Key:PinEnvironmentVariable", key.PinEnvironmentVariable,
            $"{prefix}:Key:PinFile", key.PinFile, baseDirectory, problems);
    }

    /// <summary>
    /// SoftHSM reads SOFTHSM2_CONF once, in C_Initialize: set it before the module is loaded, and refuse a second
    /// configuration for a module this process already loaded with another one.
    /// </summary>
    private static bool ApplySoftHsm2Conf(string prefix, KeyOptions key, string module, string baseDirectory,
        List<ConfigurationProblem> problems)
    {
        if (key.SoftHsm2Conf is not { Length: > 0 } softHsmConf)
        {
            return true;
        }

        string path = Path.GetFullPath(softHsmConf, baseDirectory);
        string? current = Environment.GetEnvironmentVariable("SOFTHSM2_CONF");
        if (!File.Exists(path))
        {
            problems.Add(new($"{prefix}:Key:SoftHsm2Conf", $"{path} does not exist"));
            return false;
        }

        if (current != path && Pkcs11Module.IsLoaded(module))
        {
            problems.Add(new($"{prefix}:Key:SoftHsm2Conf",
                $"{module} is already loaded with SOFTHSM2_CONF={current}; SoftHSM reads it once per process"));
            return false;
        }

        NativeEnvironment.Set("SOFTHSM2_CONF", path);
        return true;
    }
}

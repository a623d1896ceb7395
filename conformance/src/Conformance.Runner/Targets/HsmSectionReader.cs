using System.Globalization;
using Conformance.Checks.Hsm;
using Conformance.Yaml;

namespace Conformance.Runner.Targets;

/// <summary>
/// hsm: of a target file, PKCS#11 access to the TSU keys (TSP-REF-004). The PIN comes from pin-env or pin-file only:
/// a PIN written in the target file or on a command line ends up in shell histories, backups and reports.
/// </summary>
internal static class HsmSectionReader
{
    public static HsmKeyAccess? Read(YamlFields hsm, TargetFileContext context)
    {
        int before = hsm.ProblemCount;
        if (hsm.Has("pin"))
        {
            hsm.Error(hsm.Line, "hsm.pin: the HSM PIN is never written in the target file; name an environment variable (pin-env) or a file readable only by you (pin-file)");
        }

        string? modulePath = ReadModule(hsm, context);
        (string? tokenLabel, ulong? slot) = ReadToken(hsm);
        (string? pinEnv, string? pinFile) = ReadPin(hsm, context);
        string? softHsmConf = ExistingFile(hsm, "softhsm2-conf", context);
        HsmKeySelector? nonQualified = KeySelector(hsm, "key-label", "key-id");
        HsmKeySelector? qualified = KeySelector(hsm, "qualified-key-label", "qualified-key-id");
        if (nonQualified is null && qualified is null)
        {
            hsm.Error(hsm.Line, "hsm names no key: give key-label and/or key-id (the TSU behind url), qualified-key-label and/or qualified-key-id (behind qualified-url)");
        }

        hsm.RejectUnknown("hsm");
        return hsm.ProblemCount > before ? null : new HsmKeyAccess
        {
            ModulePath = modulePath!,
            TokenLabel = tokenLabel,
            Slot = slot,
            PinEnvironmentVariable = pinEnv,
            PinFile = pinFile,
            SoftHsm2Conf = softHsmConf,
            NonQualifiedKey = nonQualified,
            QualifiedKey = qualified,
        };
    }

    private static string? ReadModule(YamlFields hsm, TargetFileContext context)
    {
        if (hsm.Value("module") is not { } module)
        {
            hsm.Error(hsm.Line, "hsm needs module: the path of the PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so)");
            return null;
        }

        string path = Path.IsPathRooted(module.Text) ? module.Text : context.Resolve(module.Text);
        if (!File.Exists(path))
        {
            hsm.Error(module.Line, $"hsm.module: {path} does not exist");
        }

        return path;
    }

    private static (string? TokenLabel, ulong? Slot) ReadToken(YamlFields hsm)
    {
        string? tokenLabel = hsm.OptionalString("token-label");
        ulong? slot = null;
        if (hsm.Value("slot") is { } slotValue)
        {
            if (ulong.TryParse(slotValue.Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id))
            {
                slot = id;
            }
            else
            {
                hsm.Error(slotValue.Line, $"hsm.slot is a PKCS#11 slot ID (a whole number), not '{slotValue.Text}'");
            }
        }

        if ((tokenLabel is null) == (slot is null) && !hsm.Has("slot"))
        {
            hsm.Error(hsm.Line, tokenLabel is null ? "hsm needs token-label or slot to find the token" : "hsm: give token-label or slot, not both");
        }

        return (tokenLabel, slot);
    }

    private static (string? PinEnv, string? PinFile) ReadPin(YamlFields hsm, TargetFileContext context)
    {
        YamlValue? pinEnv = hsm.Value("pin-env");
        YamlValue? pinFileValue = hsm.Value("pin-file");
        string? pinFile = pinFileValue is { } f ? context.Resolve(f.Text) : null;
        if ((pinEnv is null) == (pinFile is null) && !hsm.Has("pin"))
        {
            hsm.Error(hsm.Line, pinEnv is null ? "hsm needs pin-env (an environment variable) or pin-file (a file) holding the user PIN" : "hsm: give pin-env or pin-file, not both");
        }
        else if (pinEnv is { } env && Environment.GetEnvironmentVariable(env.Text) is null)
        {
            hsm.Error(env.Line, $"environment variable {env.Text} (named by hsm.pin-env) is not set");
        }
        else if (pinFile is not null && !File.Exists(pinFile))
        {
            hsm.Error(pinFileValue!.Value.Line, $"hsm.pin-file: {pinFile} does not exist");
        }

        return (pinEnv?.Text, pinFile);
    }

    private static string? ExistingFile(YamlFields hsm, string key, TargetFileContext context)
    {
        if (hsm.Value(key) is not { } value)
        {
            return null;
        }

        string path = context.Resolve(value.Text);
        if (!File.Exists(path))
        {
            hsm.Error(value.Line, $"hsm.{key}: {path} does not exist");
        }

        return path;
    }

    private static HsmKeySelector? KeySelector(YamlFields hsm, string labelKey, string idKey)
    {
        string? label = hsm.OptionalString(labelKey);
        byte[]? id = null;
        if (hsm.Value(idKey) is { } idValue)
        {
            try
            {
                id = Convert.FromHexString(idValue.Text.Replace(":", "", StringComparison.Ordinal));
            }
            catch (FormatException)
            {
                hsm.Error(idValue.Line, $"hsm.{idKey} is the key's CKA_ID in hexadecimal, not '{idValue.Text}'");
            }
        }

        return label is null && id is null ? null : new HsmKeySelector(label, id);
    }
}

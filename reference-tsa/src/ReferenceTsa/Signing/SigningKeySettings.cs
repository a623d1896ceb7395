using System.Security.Cryptography;
using ReferenceTsa.Configuration;
using ReferenceTsa.Signing.Pkcs11;

namespace ReferenceTsa.Signing;

/// <summary>
/// Opens a TSU's key from its Tsa:Tsus:NAME:Key section: a PKCS#11 key (<see cref="Pkcs11KeySettings"/>) or, when
/// Tsa:AllowSoftwareKeys allows it, a software key file. Every problem names its setting; the key is null then.
/// </summary>
public static class SigningKeySettings
{
    /// <param name="prefix">The TSU's setting path, e.g. Tsa:Tsus:tsu1.</param>
    /// <param name="dataDirectory">The TSA's data folder (full path), where PKCS#11 key events are written.</param>
    public static ITsuSigningKey? Open(string prefix, KeyOptions key, bool allowSoftwareKeys, string baseDirectory,
        string dataDirectory, List<ConfigurationProblem> problems)
    {
        if (string.Equals(key.Type, "pkcs11", StringComparison.OrdinalIgnoreCase))
        {
            return Pkcs11KeySettings.Open(prefix, key, baseDirectory, dataDirectory, problems);
        }

        if (!string.Equals(key.Type, "software", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new($"{prefix}:Key:Type", $"'{key.Type}' is not a known key type (pkcs11, software)"));
            return null;
        }

        if (!allowSoftwareKeys)
        {
            problems.Add(new($"{prefix}:Key:Type",
                "software keys are refused unless Tsa:AllowSoftwareKeys is true (EN 319 421 TIS-7.6.2 wants an HSM)"));
            return null;
        }

        return OpenSoftwareKey(prefix, key, baseDirectory, problems);
    }

    /// <summary>The scheme setting (<see cref="SignatureSchemeNames"/>); a problem naming Key:Scheme when it is not one.</summary>
    internal static SignatureScheme? Scheme(string prefix, KeyOptions key, List<ConfigurationProblem> problems)
    {
        SignatureScheme? scheme = SignatureSchemeNames.Parse(key.Scheme);
        if (scheme is null)
        {
            problems.Add(new($"{prefix}:Key:Scheme", $"'{key.Scheme}' is not one of {SignatureSchemeNames.Known}"));
        }

        return scheme;
    }

    private static ITsuSigningKey? OpenSoftwareKey(string prefix, KeyOptions key, string baseDirectory, List<ConfigurationProblem> problems)
    {
        if (Scheme(prefix, key, problems) is not { } scheme)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(key.Path))
        {
            problems.Add(new($"{prefix}:Key:Path", "no key file is configured"));
            return null;
        }

        string path = Path.GetFullPath(key.Path, baseDirectory);
        if (!File.Exists(path))
        {
            problems.Add(new($"{prefix}:Key:Path", $"{path} does not exist"));
            return null;
        }

        string? password = null;
        if (key.PasswordEnvironmentVariable is { Length: > 0 } variable)
        {
            password = Environment.GetEnvironmentVariable(variable);
            if (password is null)
            {
                problems.Add(new($"{prefix}:Key:PasswordEnvironmentVariable", $"the environment variable {variable} is not set"));
                return null;
            }
        }

        try
        {
            return SoftwareSigningKey.Load(path, scheme, password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            problems.Add(new($"{prefix}:Key:Path", e.Message));
            return null;
        }
    }
}

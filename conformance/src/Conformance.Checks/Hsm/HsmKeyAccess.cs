namespace Conformance.Checks.Hsm;

/// <summary>
/// How the auditor reaches the TSU private keys over PKCS#11 (the target file's <c>hsm:</c> section): the vendor's
/// module, the token (label or slot), where the user PIN comes from (an environment variable or a file, never a
/// command-line value, never logged) and which key serves each endpoint. Read-only use: attributes are read, nothing
/// is signed or changed.
/// </summary>
public sealed record HsmKeyAccess
{
    /// <summary>Path of the PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so).</summary>
    public required string ModulePath { get; init; }

    public string? TokenLabel { get; init; }
    public ulong? Slot { get; init; }

    public string? PinEnvironmentVariable { get; init; }
    public string? PinFile { get; init; }

    /// <summary>SoftHSM2 only: its configuration file, set as SOFTHSM2_CONF before the module is loaded.</summary>
    public string? SoftHsm2Conf { get; init; }

    /// <summary>The key of the TSU behind the non-qualified endpoint (url).</summary>
    public HsmKeySelector? NonQualifiedKey { get; init; }

    /// <summary>The key of the TSU behind the qualified endpoint (qualified-url).</summary>
    public HsmKeySelector? QualifiedKey { get; init; }

    public HsmKeySelector? KeyFor(bool qualified) => qualified ? QualifiedKey : NonQualifiedKey;

    /// <summary>For reports and messages: the module, token and key, never the PIN.</summary>
    public string Describe(HsmKeySelector key) =>
        $"module {ModulePath}, token {(TokenLabel is not null ? $"'{TokenLabel}'" : $"in slot {Slot}")}, private key {key}";

    /// <summary>The user PIN, read when needed and never kept; a clear message when the source is missing.</summary>
    public string ReadPin()
    {
        if (PinEnvironmentVariable is { } variable)
        {
            return Environment.GetEnvironmentVariable(variable)
                ?? throw new InvalidOperationException($"the HSM user PIN should come from environment variable {variable}, which is not set");
        }

        if (PinFile is { } file)
        {
            try
            {
                return File.ReadAllText(file).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"the HSM user PIN file {file} cannot be read: {e.Message}", e);
            }
        }

        throw new InvalidOperationException("no HSM user PIN source is configured (pin-env or pin-file)");
    }
}

/// <summary>A private key on the token, by CKA_LABEL, CKA_ID or both.</summary>
public sealed record HsmKeySelector(string? Label, byte[]? Id)
{
    public override string ToString() =>
        string.Join(", ", new[] { Label is null ? null : $"label '{Label}'", Id is null ? null : $"id {Convert.ToHexStringLower(Id)}" }.OfType<string>());
}

namespace ReferenceTsa.Configuration;

/// <summary>
/// The reference TSA's configuration, bound from the "Tsa" section of a JSON or YAML file with environment
/// overrides (REFTSA_Tsa__Endpoints__tsa__Accuracy=500ms). Relative paths are relative to the file's folder.
/// </summary>
public sealed class TsaOptions
{
    public const string Section = "Tsa";

    /// <summary>Folder for state (serial numbers) and other runtime files; relative to the configuration file.</summary>
    public string DataDirectory { get; set; } = ".";

    /// <summary>Requests above this many bytes get HTTP 413 (a TimeStampReq is normally under 200 bytes).</summary>
    public int MaxRequestBytes { get; set; } = 16 * 1024;

    /// <summary>How many serial numbers are reserved durably at a time.</summary>
    public int SerialBlockSize { get; set; } = 256;

    /// <summary>Software keys are refused unless this is true; they do not meet EN 319 421 TIS-7.6.2.</summary>
    public bool AllowSoftwareKeys { get; set; }

    /// <summary>
    /// Days before a TSU stops signing (certificate notAfter or private key usage period end, whichever is first) from
    /// which a warning is logged once a day, flagged in /metrics and listed by /readyz.
    /// </summary>
    public int ExpiryWarningDays { get; set; } = 30;

    public Dictionary<string, TsuOptions> Tsus { get; set; } = new(StringComparer.Ordinal);

    /// <summary>UTC time sources and when issuance stops (Tsa:Clock).</summary>
    public Clock.ClockOptions Clock { get; set; } = new();

    /// <summary>Where the hash-chained evidence log lives (Tsa:EvidenceLog): sqlite (default) or postgresql.</summary>
    public EvidenceLog.EvidenceLogOptions EvidenceLog { get; set; } = new();

    public Dictionary<string, EndpointOptions> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The HTTPS server certificate (Tsa:Tls); without it `serve` offers plain HTTP only.</summary>
    public Tls.TlsOptions? Tls { get; set; }

    /// <summary>
    /// An algorithm policy file (the spec/crypto format, e.g. ts119312-v2.1.1.yaml). In production mode a TSU certificate
    /// this policy would fail (scheme or key size not accepted, notAfter or key usage period past the algorithm's end
    /// date, key usage period past notAfter) stops start-up.
    /// </summary>
    public string? CryptoPolicy { get; set; }

    /// <summary>Console log format and the access log (Tsa:Logging).</summary>
    public Observability.LoggingOptions Logging { get; set; } = new();

    /// <summary>
    /// /readyz also shows each HSM's token, session counts and last fault. Off by default: /readyz is on the public
    /// listener, and these details help an attacker more than a client.
    /// </summary>
    public bool ReadyzDetail { get; set; }

    /// <summary>"production" (default when unset) or "development" (written by dev init); defects need development.</summary>
    public string? Mode { get; set; }

    /// <summary>Defects to inject (kebab-case names of Defects/DefectCatalogue), development mode only.</summary>
    public List<string>? Defects { get; set; }

    /// <summary>How far genTime runs ahead with the gentime-skewed defect (default 30).</summary>
    public int? DefectGenTimeSkewSeconds { get; set; }
}

/// <summary>One time-stamping unit: its certificate, the CA certificates sent with it, and its key.</summary>
public sealed class TsuOptions
{
    public string? Certificate { get; set; }

    /// <summary>Intermediate CA certificates to send with the TSU certificate (not the root).</summary>
    public List<string> Chain { get; set; } = [];

    /// <summary>The digest used in SignerInfo: SHA256, SHA384 or SHA512.</summary>
    public string SignerDigest { get; set; } = "SHA256";

    public KeyOptions Key { get; set; } = new();
}

public sealed class KeyOptions
{
    /// <summary>"pkcs11" (a key inside a token) or "software" (PKCS#8 PEM/DER or PKCS#12, development only).</summary>
    public string Type { get; set; } = "software";

    /// <summary>rsa-pkcs1, rsa-pss or ecdsa.</summary>
    public string? Scheme { get; set; }

    public string? Path { get; set; }

    /// <summary>Name of the environment variable holding the key file's password, if it is encrypted.</summary>
    public string? PasswordEnvironmentVariable { get; set; }

    /// <summary>pkcs11: path of the PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so).</summary>
    public string? Module { get; set; }

    /// <summary>pkcs11: the token's label (CKA_LABEL of the token); or <see cref="Slot"/>.</summary>
    public string? TokenLabel { get; set; }

    /// <summary>pkcs11: the slot ID, when the token has no unique label.</summary>
    public ulong? Slot { get; set; }

    /// <summary>pkcs11: the private key's CKA_LABEL.</summary>
    public string? KeyLabel { get; set; }

    /// <summary>pkcs11: the private key's CKA_ID in hex.</summary>
    public string? KeyId { get; set; }

    /// <summary>pkcs11: environment variable holding the user PIN (never on a command line, never logged).</summary>
    public string? PinEnvironmentVariable { get; set; }

    /// <summary>pkcs11: file holding the user PIN (trailing newline ignored); should be readable by the TSA alone.</summary>
    public string? PinFile { get; set; }

    /// <summary>pkcs11: how many sessions sign in parallel (one thread per session at a time).</summary>
    public int PoolSize { get; set; } = 4;

    /// <summary>
    /// pkcs11 with SoftHSM2 only: its configuration file. SoftHSM reads SOFTHSM2_CONF in C_Initialize, so the TSA sets
    /// it (setenv) before loading the module; one SoftHSM configuration per process.
    /// </summary>
    public string? SoftHsm2Conf { get; set; }
}

/// <summary>One service access point: a URL path, the TSU behind it and what it puts in tokens.</summary>
public sealed class EndpointOptions
{
    public string? Path { get; set; }

    public string? Tsu { get; set; }

    /// <summary>Qualified endpoints add esi4-qtstStatement-1 (EN 319 422 §9.1) and need a TSU of their own.</summary>
    public bool Qualified { get; set; }

    /// <summary>The TSA policy OID put in tokens when the request names none.</summary>
    public string? Policy { get; set; }

    /// <summary>Further policy OIDs a request may ask for, such as BTSP 0.4.0.2023.1.1 where the TSA declares it.</summary>
    public List<string> AcceptedPolicies { get; set; } = [];

    /// <summary>Accepted imprint hashes; when unset, SHA-256/384/512 and SHA3-256/384/512.</summary>
    public List<string>? AcceptedHashes { get; set; }

    /// <summary>Declared accuracy: "1s", "500ms", "100us". At most one second (EN 319 421 §5.2, BTSP).</summary>
    public string Accuracy { get; set; } = "1s";

    /// <summary>Fraction digits of genTime (0 to 6); must be fine enough for the accuracy.</summary>
    public int GenTimeFractionDigits { get; set; } = 3;

    /// <summary>Put the TSU subject name in TSTInfo.tsa.</summary>
    public bool IncludeTsaName { get; set; } = true;
}

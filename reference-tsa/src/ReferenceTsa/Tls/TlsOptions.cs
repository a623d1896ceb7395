namespace ReferenceTsa.Tls;

/// <summary>
/// The HTTPS server certificate (Tsa:Tls): a PEM certificate (with any intermediates after it) and its PEM key, or one
/// PKCS#12 file. The files are read again on SIGHUP and when they change, so a renewed certificate needs no restart.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>PEM certificate file (the server certificate first, then intermediates), or a .p12/.pfx file.</summary>
    public string? Certificate { get; set; }

    /// <summary>PEM private key file (PKCS#8, PKCS#1 or SEC1; encrypted PKCS#8 with a password); omitted for PKCS#12 or when the key follows the certificate in one file.</summary>
    public string? Key { get; set; }

    /// <summary>Environment variable holding the PKCS#12 or encrypted key password (never on a command line, never logged).</summary>
    public string? PasswordEnvironmentVariable { get; set; }

    /// <summary>File holding the PKCS#12 or encrypted key password (trailing newline ignored).</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Where `serve` listens for HTTPS when no --urls is given (default https://127.0.0.1:8319).</summary>
    public string? DefaultUrl { get; set; }
}

namespace ReferenceTsa.Signing;

/// <summary>
/// Where a TSU private key lives. EN 319 421 TIS-7.6.2/7.6.3 require a secure cryptographic device; a software key
/// is for development only and is reported as non-conformant.
/// </summary>
public enum KeyProtection
{
    Software,
    Hsm,
}

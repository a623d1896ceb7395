namespace ReferenceTsa.Defects;

/// <summary>
/// Tsa:Mode. Production (the default for a configuration file) refuses anything meant for testing only, such as
/// injected defects; development is what `dev init` writes and the embedded default uses.
/// </summary>
public enum TsaMode
{
    Production,
    Development,
}

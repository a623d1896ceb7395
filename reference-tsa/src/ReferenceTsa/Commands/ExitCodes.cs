namespace ReferenceTsa.Commands;

/// <summary>Process exit codes, after BSD sysexits where one fits.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int NoInput = 66;
    public const int Unavailable = 69;
    public const int CannotCreate = 73;
    public const int Configuration = 78;
}

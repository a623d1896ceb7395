namespace ReferenceTsa.Commands;

/// <summary>Process exit codes, after BSD sysexits where one fits.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 64;

    /// <summary>EX_DATAERR: the input was read but is wrong (a certificate for another key, not a TSU certificate).</summary>
    public const int DataError = 65;
    public const int NoInput = 66;
    public const int Unavailable = 69;
    public const int CannotCreate = 73;

    /// <summary>EX_NOPERM: the token refused the PIN.</summary>
    public const int NoPermission = 77;
    public const int Configuration = 78;
}

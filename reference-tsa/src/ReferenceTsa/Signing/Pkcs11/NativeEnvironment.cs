using System.Runtime.InteropServices;

namespace ReferenceTsa.Signing.Pkcs11;

/// <summary>
/// Sets a variable in the process's native environment. .NET's Environment.SetEnvironmentVariable only changes a
/// managed copy on Unix, but a PKCS#11 module reads getenv() itself: SoftHSM2 reads SOFTHSM2_CONF in C_Initialize,
/// so the variable must be set with setenv(3) before the module is loaded.
/// </summary>
public static class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows() && setenv(Utf8z(name), Utf8z(value), 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static byte[] Utf8z(string text) => [.. System.Text.Encoding.UTF8.GetBytes(text), 0];

#pragma warning disable SYSLIB1054 // byte[] arguments need no generated marshalling (and no unsafe code)
    [DllImport("libc", EntryPoint = "setenv", SetLastError = true)]
    private static extern int setenv(byte[] name, byte[] value, int overwrite);
#pragma warning restore SYSLIB1054
}

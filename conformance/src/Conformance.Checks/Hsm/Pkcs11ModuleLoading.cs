using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Conformance.Checks.Hsm;

/// <summary>
/// What loading a PKCS#11 module inside a process that may already use it requires. A module is initialised once per
/// process (C_Initialize answers CKR_CRYPTOKI_ALREADY_INITIALIZED to a second caller) and C_Finalize ends it for every
/// user, so the inspector must not finalise a module someone else (an in-process TSA) loaded. SoftHSM2 reads
/// SOFTHSM2_CONF with getenv() in C_Initialize, so the variable is set in the native environment, before loading.
/// </summary>
internal static class Pkcs11ModuleLoading
{
    private const int RtldNow = 2;
    private const int RtldNoLoad = 4;

    static Pkcs11ModuleLoading()
    {
        // Pkcs11Interop 5.x P/Invokes dlopen from "libdl"; glibc 2.34+ ships only libdl.so.2. The event is a fallback
        // after normal probing and any resolver another component registered, so it never competes with them.
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) =>
            name == "libdl" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libdl.so.2", out IntPtr handle) ? handle : IntPtr.Zero;
    }

    /// <summary>True when the module is already mapped into this process (dlopen with RTLD_NOLOAD).</summary>
    public static bool IsLoaded(string modulePath)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        IntPtr handle = DlOpen(modulePath, RtldNow | RtldNoLoad);
        if (handle == IntPtr.Zero)
        {
            return false;
        }

        _ = DlClose(handle);
        return true;
    }

    /// <summary>Sets SOFTHSM2_CONF for the module, or explains why it cannot be changed any more in this process.</summary>
    public static void UseSoftHsmConfiguration(string modulePath, string configurationFile)
    {
        string wanted = Path.GetFullPath(configurationFile);
        if (!File.Exists(wanted))
        {
            throw new InvalidOperationException($"the SoftHSM2 configuration {wanted} (softhsm2-conf) does not exist");
        }

        string? current = Environment.GetEnvironmentVariable("SOFTHSM2_CONF");
        if (string.Equals(current, wanted, StringComparison.Ordinal))
        {
            return;
        }

        if (IsLoaded(modulePath))
        {
            throw new InvalidOperationException(
                $"{modulePath} is already loaded in this process with SOFTHSM2_CONF={current ?? "(unset)"}; SoftHSM2 reads its configuration when it is initialised");
        }

        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", wanted);
        if (!OperatingSystem.IsWindows() && SetEnv("SOFTHSM2_CONF", wanted, 1) != 0)
        {
            throw new InvalidOperationException($"setenv(SOFTHSM2_CONF) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Makes sure the static constructor (the libdl fallback) has run before Pkcs11Interop is used.</summary>
    public static void Prepare()
    {
    }

    private static byte[] Utf8z(string text) => [.. System.Text.Encoding.UTF8.GetBytes(text), 0];

    private static int SetEnv(string name, string value, int overwrite) => setenv(Utf8z(name), Utf8z(value), overwrite);

    private static IntPtr DlOpen(string file, int mode) => dlopen(Utf8z(file), mode);

    private static int DlClose(IntPtr handle) => dlclose(handle);

#pragma warning disable SYSLIB1054 // byte[] arguments need no generated marshalling (and no unsafe code)
    [DllImport("libc", SetLastError = true)]
    private static extern int setenv(byte[] name, byte[] value, int overwrite);

    [DllImport("libdl.so.2")]
    private static extern IntPtr dlopen(byte[] file, int mode);

    [DllImport("libdl.so.2")]
    private static extern int dlclose(IntPtr handle);
#pragma warning restore SYSLIB1054
}

using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace ReferenceTsa.Signing.Pkcs11;

/// <summary>
/// One loaded PKCS#11 module per path in the process: C_Initialize once (CKF_OS_LOCKING_OK, multi-threaded),
/// C_Finalize when the last user releases it. Recovery from a vanished token may need the module re-initialised;
/// <see cref="Gate"/> makes that safe: every call into the module holds the read lock, re-initialisation the write
/// lock, so no thread ever uses a session or object handle of a previous initialisation (handle numbers restart
/// and could otherwise name another session or another key).
/// </summary>
public sealed class Pkcs11Module
{
    private static readonly Lock Registry = new();
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);

    private IPkcs11Library? _library;
    private int _references;

    static Pkcs11Module()
    {
        // Pkcs11Interop 5.x P/Invokes dlopen from "libdl"; glibc 2.34+ ships only libdl.so.2 (dlopen lives in libc).
        System.Runtime.InteropServices.NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, _, _) =>
            name == "libdl" && OperatingSystem.IsLinux()
                ? System.Runtime.InteropServices.NativeLibrary.Load("libdl.so.2")
                : IntPtr.Zero);
    }

    private Pkcs11Module(string path)
    {
        ModulePath = path;
        _library = Load(path);
    }

    public string ModulePath { get; }

    public Pkcs11InteropFactories Factories { get; } = new();

    /// <summary>Read lock: any use of the module. Write lock: C_Finalize/C_Initialize.</summary>
    public ReaderWriterLockSlim Gate { get; } = new(LockRecursionPolicy.SupportsRecursion);

    /// <summary>Incremented on each re-initialisation; sessions and handles of an older generation are void.</summary>
    public int Generation { get; private set; }

    /// <summary>The library; call only while holding <see cref="Gate"/>.</summary>
    public IPkcs11Library Library =>
        _library ?? throw new Pkcs11Exception("C_Initialize", CKR.CKR_CRYPTOKI_NOT_INITIALIZED);

    public static Pkcs11Module Acquire(string path)
    {
        path = Path.GetFullPath(path);
        lock (Registry)
        {
            if (!Loaded.TryGetValue(path, out var module))
            {
                module = new Pkcs11Module(path);
                Loaded.Add(path, module);
            }

            module._references++;
            return module;
        }
    }

    /// <summary>True when some module is loaded (its environment, e.g. SOFTHSM2_CONF, can no longer change).</summary>
    public static bool IsLoaded(string path)
    {
        lock (Registry)
        {
            return Loaded.ContainsKey(Path.GetFullPath(path));
        }
    }

    public void Release()
    {
        lock (Registry)
        {
            if (--_references > 0)
            {
                return;
            }

            Loaded.Remove(ModulePath);
        }

        Gate.EnterWriteLock();
        try
        {
            _library?.Dispose();
            _library = null;
        }
        finally
        {
            Gate.ExitWriteLock();
        }
    }

    /// <summary>
    /// C_Finalize then C_Initialize, unless another thread already did so since <paramref name="observedGeneration"/>.
    /// If C_Initialize fails (SoftHSM refuses to initialise while its token directory is missing) the module stays
    /// unloaded and the next call tries again.
    /// </summary>
    public void Reinitialize(int observedGeneration)
    {
        Gate.EnterWriteLock();
        try
        {
            // Another thread re-initialised since the caller looked, unless that attempt failed to load the module.
            if (Generation != observedGeneration && _library is not null)
            {
                return;
            }

            Generation++;
            try
            {
                _library?.Dispose();
            }
            catch (Pkcs11Exception)
            {
                // C_Finalize of a module in trouble may fail; the handles are void either way.
            }

            _library = null;
            _library = Load(ModulePath);
        }
        finally
        {
            Gate.ExitWriteLock();
        }
    }

    private IPkcs11Library Load(string path) =>
        Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded);
}

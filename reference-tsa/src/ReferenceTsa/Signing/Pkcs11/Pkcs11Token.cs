using System.Collections.Concurrent;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ISession = Net.Pkcs11Interop.HighLevelAPI.ISession;

namespace ReferenceTsa.Signing.Pkcs11;

/// <summary>
/// The connection to one token, shared by every TSU key on it: one C_Login per token (PKCS#11 §5.1.2: the login
/// state belongs to the application and token, not to a session) and one pool of sessions, which grows to the sum of
/// the keys' pool sizes. A session is lent to one thread at a time (sessions are not to be shared between threads).
/// Any PKCS#11 error during use voids the connection: the faulty session is dropped, the others are closed, and the
/// next request reconnects (new sessions, one new login, key handles looked up again), re-initialising the module if
/// the token cannot be found otherwise. A failed reconnect makes the next one wait <see cref="RetryInterval"/>, so a
/// dead token fails fast. The token's serial number is fixed at the first login: another token under the same label
/// or in the same slot is refused without logging in to it, and a PIN the token refused is not tried on it again.
/// </summary>
public sealed partial class Pkcs11Token
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan AcquireTimeout = TimeSpan.FromSeconds(10);

    private static readonly Lock Registry = new();
    private static readonly Dictionary<Pkcs11TokenSelector, Pkcs11Token> Shared = [];

    private readonly Lock _lock = new();
    private readonly string _pin;
    private readonly ConcurrentStack<PooledSession> _idle = new();
    private ISlot? _slot;
    private string? _serialNumber;
    private string? _pinRefused;
    private int _connectedFlag;
    private int _moduleGeneration = -1;
    private int _epoch;
    private int _open;
    private int _poolSize;
    private int _references;
    private long _logins;
    private long _nextAttemptTicks;
    private volatile string? _lastFault;
    private int _healthyFlag = 1;
    private volatile bool _released;

    private Pkcs11Token(Pkcs11TokenSelector selector, string pin, int poolSize)
    {
        Selector = selector;
        _pin = pin;
        _poolSize = poolSize;
        _references = 1;
        Module = Pkcs11Module.Acquire(selector.ModulePath);
        try
        {
            EnsureConnected(force: true);
        }
        catch
        {
            Module.Release();
            throw;
        }
    }

    public Pkcs11TokenSelector Selector { get; }

    public Pkcs11Module Module { get; }

    /// <summary>Sessions the pool may open: the sum of the pool sizes of the keys sharing this token.</summary>
    public int PoolSize => Volatile.Read(ref _poolSize);

    /// <summary>C_Login calls made for this token since start-up: one, plus one per reconnect after a fault.</summary>
    public long Logins => Interlocked.Read(ref _logins);

    /// <summary>The token's serial number (CK_TOKEN_INFO.serialNumber) at the first login.</summary>
    public string? SerialNumber => _serialNumber;

    /// <summary>Changes whenever the connection is rebuilt; object handles are looked up again per epoch.</summary>
    public int Epoch => Volatile.Read(ref _epoch);

    public bool Connected => _connected;

    private bool _connected => Volatile.Read(ref _connectedFlag) == 1;

    public int OpenSessions => Volatile.Read(ref _open);

    /// <summary>The last fault (no secrets), or null once a signature (any use) succeeds again.</summary>
    public string? LastFault => _lastFault;

    /// <summary>
    /// Raised once when the token stops serving and once when a use succeeds again: (healthy, reason). A reconnect
    /// alone is not a recovery, so a key that stays missing does not flap the state. Handlers may run under the
    /// token's locks: they record, and never call back into the token.
    /// </summary>
    public event Action<bool, string>? StateChanged;

    /// <summary>
    /// The connection to the token <paramref name="selector"/> names, shared with every other key on it: the first
    /// caller connects and logs in; later callers add <paramref name="sessions"/> to the pool and log in no more.
    /// Each call is matched by one <see cref="Release"/>. A token is named the same way (label, or slot) by all its keys.
    /// </summary>
    public static Pkcs11Token Acquire(Pkcs11TokenSelector selector, string pin, int sessions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sessions, 1);
        selector = selector with { ModulePath = Path.GetFullPath(selector.ModulePath) };
        lock (Registry)
        {
            if (Shared.TryGetValue(selector, out var token))
            {
                if (!string.Equals(token._pin, pin, StringComparison.Ordinal))
                {
                    throw new Pkcs11UnavailableException(
                        $"another TSU key already logged in to {selector} with a different user PIN; a token has one user PIN, give the same to every key on it");
                }

                token._references++;
                Interlocked.Add(ref token._poolSize, sessions);
                return token;
            }

            token = new Pkcs11Token(selector, pin, sessions);
            Shared.Add(selector, token);
            return token;
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a session lent to this thread alone (the caller bounds how many it uses at
    /// once). A <see cref="Pkcs11Exception"/> voids the connection and is rethrown; the caller turns it into a rejection.
    /// </summary>
    public T Use<T>(Func<ISession, int, T> action)
    {
        ObjectDisposedException.ThrowIf(_released, this);
        // Another thread may void the connection between our check and the read lock: check again under it.
        for (int attempt = 0; ; attempt++)
        {
            EnsureConnected(force: false);
            Module.Gate.EnterReadLock();
            if (_connected && _moduleGeneration == Module.Generation)
            {
                break;
            }

            Module.Gate.ExitReadLock();
            // Only successful reconnects voided again by other threads' faults get here; a failed one throws.
            if (attempt == 100)
            {
                throw new Pkcs11UnavailableException($"{Selector} is reconnecting: {_lastFault}");
            }
        }

        try
        {
            int epoch = Epoch;
            PooledSession session;
            try
            {
                session = Rent(epoch);
            }
            catch (Pkcs11Exception e)
            {
                MarkFaulted(Describe(e));
                throw;
            }

            // Only a PKCS#11 failure spoils the session; any other exception (a refused key at start-up) leaves it
            // good, and keeps the login it may carry.
            bool faulted = false;
            try
            {
                T result = action(session.Session, epoch);
                // A use that was already in flight when another thread found a fault proves nothing about recovery.
                if (_connected && epoch == Epoch)
                {
                    MarkHealthy();
                }

                return result;
            }
            catch (Pkcs11Exception e)
            {
                faulted = true;
                MarkFaulted(Describe(e));
                throw;
            }
            catch (Pkcs11UnavailableException e)
            {
                // The token answers but does not hold the key as it was at start-up: reconnecting at once would
                // most likely find the same again: the next attempt waits.
                faulted = true;
                MarkFaulted(e.Message, retryLater: true);
                throw;
            }
            finally
            {
                Return(session, faulted);
            }
        }
        finally
        {
            Module.Gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Declares the connection broken (a failed or unverifiable signature); the next use reconnects, at once unless
    /// <paramref name="retryLater"/>. Lock-free: it is called under the module's read lock, while a reconnecting thread
    /// may hold <see cref="_lock"/> and wait for the write lock.
    /// </summary>
    public void MarkFaulted(string reason, bool retryLater = false)
    {
        _lastFault = reason;
        if (retryLater)
        {
            Interlocked.Exchange(ref _nextAttemptTicks, (DateTime.UtcNow + RetryInterval).Ticks);
        }

        Volatile.Write(ref _connectedFlag, 0);
        if (Interlocked.Exchange(ref _healthyFlag, 0) == 1)
        {
            StateChanged?.Invoke(false, reason);
        }
    }

    private void MarkHealthy()
    {
        if (Volatile.Read(ref _healthyFlag) == 0 && Interlocked.Exchange(ref _healthyFlag, 1) == 0)
        {
            string reason = $"serving again on {Selector} (serial number {_serialNumber}) after: {_lastFault}";
            _lastFault = null;
            StateChanged?.Invoke(true, reason);
        }
    }

    private PooledSession Rent(int epoch)
    {
        while (_idle.TryPop(out var pooled))
        {
            if (pooled.Epoch == epoch && pooled.Generation == Module.Generation)
            {
                return pooled;
            }

            Discard(pooled);
        }

        var session = _slot!.OpenSession(SessionType.ReadOnly);
        Interlocked.Increment(ref _open);
        return new PooledSession(session, epoch, Module.Generation);
    }

    private void Return(PooledSession pooled, bool faulted)
    {
        if (faulted || pooled.Epoch != Epoch || pooled.Generation != Module.Generation || _released)
        {
            Discard(pooled);
        }
        else
        {
            _idle.Push(pooled);
        }
    }

    /// <summary>Closes a session; one of an older module generation is only forgotten (its handle may be reused).</summary>
    private void Discard(PooledSession pooled)
    {
        Interlocked.Decrement(ref _open);
        try
        {
            if (pooled.Generation != Module.Generation)
            {
                // Never C_CloseSession a handle of a finalized module: the number may now name a live session.
                GC.SuppressFinalize(pooled.Session);
            }
            else
            {
                pooled.Session.Dispose();
            }
        }
        catch (Pkcs11Exception)
        {
            // Closing a session of a vanished token fails; it is gone either way.
        }
    }

    public static string Describe(Exception e) => e switch
    {
        Pkcs11Exception p => $"{p.Method} returned {p.RV}",
        _ => e.Message,
    };

    /// <summary>
    /// Gives back one <see cref="Acquire"/> and its <paramref name="sessions"/>; the last release closes the sessions
    /// (which ends the login) and releases the module.
    /// </summary>
    public void Release(int sessions)
    {
        lock (Registry)
        {
            Interlocked.Add(ref _poolSize, -sessions);
            if (--_references > 0)
            {
                return;
            }

            Shared.Remove(Selector);
            _released = true;
        }

        Module.Gate.EnterReadLock();
        try
        {
            while (_idle.TryPop(out var pooled))
            {
                Discard(pooled);
            }
        }
        finally
        {
            Module.Gate.ExitReadLock();
        }

        Module.Release();
    }

    private sealed record PooledSession(ISession Session, int Epoch, int Generation);
}

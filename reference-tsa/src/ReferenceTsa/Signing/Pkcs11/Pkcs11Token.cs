using System.Collections.Concurrent;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ISession = Net.Pkcs11Interop.HighLevelAPI.ISession;

namespace ReferenceTsa.Signing.Pkcs11;

/// <summary>Which token of which module: by label (preferred, survives slot renumbering) or by slot ID.</summary>
public sealed record Pkcs11TokenSelector(string ModulePath, string? TokenLabel, ulong? SlotId)
{
    public override string ToString() =>
        TokenLabel is not null ? $"token '{TokenLabel}' of {ModulePath}" : $"slot {SlotId} of {ModulePath}";
}

/// <summary>The token could not be used now: not found, not logged in, every session busy, recovering.</summary>
public sealed class Pkcs11UnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A connection to one token: one login, and a pool of at most <see cref="PoolSize"/> sessions. A session is lent
/// to one thread at a time (PKCS#11 §5.1.2: sessions are not to be shared between threads). Any PKCS#11 error
/// during use voids the connection: the faulty session is dropped, the others are closed, and the next request
/// reconnects (new sessions, new login, key handles looked up again), re-initialising the module if the token
/// cannot be found otherwise. Attempts are spaced by <see cref="RetryInterval"/> so a dead token fails fast.
/// </summary>
public sealed class Pkcs11Token : IDisposable
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan AcquireTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly string _pin;
    private readonly SemaphoreSlim _permits;
    private readonly ConcurrentStack<PooledSession> _idle = new();
    private ISlot? _slot;
    private int _connectedFlag;
    private int _moduleGeneration = -1;
    private int _epoch;
    private int _open;
    private DateTime _nextAttemptUtc = DateTime.MinValue;
    private volatile string? _lastFault;
    private bool _disposed;

    public Pkcs11Token(Pkcs11TokenSelector selector, string pin, int poolSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(poolSize, 1);
        Selector = selector;
        _pin = pin;
        PoolSize = poolSize;
        _permits = new SemaphoreSlim(poolSize, poolSize);
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

    public int PoolSize { get; }

    /// <summary>Changes whenever the connection is rebuilt; object handles are looked up again per epoch.</summary>
    public int Epoch => Volatile.Read(ref _epoch);

    public bool Connected => _connected;

    private bool _connected => Volatile.Read(ref _connectedFlag) == 1;

    public int OpenSessions => Volatile.Read(ref _open);

    /// <summary>The last fault (no secrets), or null once recovered.</summary>
    public string? LastFault => _lastFault;

    /// <summary>Raised (outside locks) when the connection breaks and when it is back: (healthy, reason).</summary>
    public event Action<bool, string>? StateChanged;

    /// <summary>
    /// Runs <paramref name="action"/> on a session lent to this thread alone. A <see cref="Pkcs11Exception"/> voids
    /// the connection and is rethrown; the caller turns it into a rejection.
    /// </summary>
    public T Use<T>(Func<ISession, int, T> action)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_permits.Wait(AcquireTimeout))
        {
            throw new Pkcs11UnavailableException($"all {PoolSize} sessions of {Selector} stayed busy for {AcquireTimeout.TotalSeconds} s");
        }

        try
        {
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

                bool faulted = true;
                try
                {
                    T result = action(session.Session, epoch);
                    faulted = false;
                    return result;
                }
                catch (Exception e) when (e is Pkcs11Exception or Pkcs11UnavailableException)
                {
                    MarkFaulted(Describe(e));
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
        finally
        {
            _permits.Release();
        }
    }

    /// <summary>
    /// Declares the connection broken (a failed or unverifiable signature); the next use reconnects. Lock-free: it is
    /// called under the module's read lock, while a reconnecting thread may hold <see cref="_lock"/> and wait for the
    /// write lock.
    /// </summary>
    public void MarkFaulted(string reason)
    {
        _lastFault = reason;
        if (Interlocked.Exchange(ref _connectedFlag, 0) == 1)
        {
            StateChanged?.Invoke(false, reason);
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
        if (faulted || pooled.Epoch != Epoch || pooled.Generation != Module.Generation || _disposed)
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

    private void EnsureConnected(bool force)
    {
        if (_connected && _moduleGeneration == Module.Generation)
        {
            return;
        }

        string? recovered = null;
        lock (_lock)
        {
            if (_connected && _moduleGeneration == Module.Generation)
            {
                return;
            }

            var now = DateTime.UtcNow;
            if (!force && now < _nextAttemptUtc)
            {
                throw new Pkcs11UnavailableException($"{Selector} is unavailable ({_lastFault}); next attempt after {_nextAttemptUtc:HH:mm:ss.fff}Z");
            }

            // The first reconnect after a fault is immediate (a transient C_Sign error costs one request); only a
            // failed reconnect makes the next attempt wait, so a dead token answers fast instead of being hammered.
            bool hadFault = _lastFault is not null;
            try
            {
                Connect();
            }
            catch (Exception first) when (first is Pkcs11Exception or Pkcs11UnavailableException && !force)
            {
                // The token may be back while the module still describes the old state: re-initialise and retry once.
                try
                {
                    Module.Reinitialize(_moduleGeneration);
                    Connect();
                }
                catch (Exception e) when (e is Pkcs11Exception or Pkcs11UnavailableException)
                {
                    _nextAttemptUtc = DateTime.UtcNow + RetryInterval;
                    _lastFault = $"cannot reconnect to {Selector}: {Describe(e)}";
                    throw new Pkcs11UnavailableException(_lastFault, e);
                }
            }

            if (hadFault)
            {
                recovered = $"reconnected to {Selector} after: {_lastFault}";
            }

            _lastFault = null;
        }

        if (recovered is not null)
        {
            StateChanged?.Invoke(true, recovered);
        }
    }

    /// <summary>
    /// Under <see cref="_lock"/> and the module's write lock, so no signature is in flight and none starts until the
    /// new connection is complete (logged in): closes idle sessions, finds the slot, opens a session and logs in.
    /// </summary>
    private void Connect()
    {
        Module.Gate.EnterWriteLock();
        try
        {
            Interlocked.Increment(ref _epoch);
            while (_idle.TryPop(out var stale))
            {
                Discard(stale);
            }

            _slot = FindSlot(Module.Library, Selector);
            var session = _slot.OpenSession(SessionType.ReadOnly);
            Interlocked.Increment(ref _open);
            try
            {
                session.Login(CKU.CKU_USER, _pin);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                // The login is per token and application, not per session: another key on this token logged in.
            }
            catch
            {
                Discard(new PooledSession(session, Epoch, Module.Generation));
                throw;
            }

            _idle.Push(new PooledSession(session, Epoch, Module.Generation));
            _moduleGeneration = Module.Generation;
            Volatile.Write(ref _connectedFlag, 1);
        }
        finally
        {
            Module.Gate.ExitWriteLock();
        }
    }

    /// <summary>
    /// Fault drill: C_CloseAllSessions on the token behind the pool's back, as a token reset would. The pool does not
    /// know; its next uses fail with CKR_SESSION_HANDLE_INVALID and must recover.
    /// </summary>
    internal void CloseAllSessionsBehindThePool()
    {
        Module.Gate.EnterWriteLock();
        try
        {
            _slot?.CloseAllSessions();
        }
        finally
        {
            Module.Gate.ExitWriteLock();
        }
    }

    public static ISlot FindSlot(IPkcs11Library library, Pkcs11TokenSelector selector)
    {
        var slots = library.GetSlotList(SlotsType.WithTokenPresent);
        var matches = slots.Where(s => selector.SlotId is { } id ? s.SlotId == id : LabelOf(s) == selector.TokenLabel).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new Pkcs11UnavailableException($"no {selector} is present"),
            _ => throw new Pkcs11UnavailableException($"{matches.Count} tokens match {selector}; use a unique label or a slot"),
        };
    }

    /// <summary>A slot whose token cannot describe itself (C_GetTokenInfo fails) matches no label; it must not hide the others.</summary>
    private static string? LabelOf(ISlot slot)
    {
        try
        {
            return slot.GetTokenInfo().Label.Trim();
        }
        catch (Pkcs11Exception)
        {
            return null;
        }
    }

    public static string Describe(Exception e) => e switch
    {
        Pkcs11Exception p => $"{p.Method} returned {p.RV}",
        _ => e.Message,
    };

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
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

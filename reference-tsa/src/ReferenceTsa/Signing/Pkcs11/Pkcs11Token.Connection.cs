using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace ReferenceTsa.Signing.Pkcs11;

/// <summary>
/// The connection half of <see cref="Pkcs11Token"/>: connecting and reconnecting after a fault (one C_Login per
/// connection), finding the token's slot by its selector, and holding on to the token seen at the first login (same
/// serial number) so that another token under the same label is never logged in to.
/// </summary>
public sealed partial class Pkcs11Token
{
    private void EnsureConnected(bool force)
    {
        if (_connected && _moduleGeneration == Module.Generation)
        {
            return;
        }

        lock (_lock)
        {
            if (_connected && _moduleGeneration == Module.Generation)
            {
                return;
            }

            var retryAt = new DateTime(Interlocked.Read(ref _nextAttemptTicks), DateTimeKind.Utc);
            if (!force && DateTime.UtcNow < retryAt)
            {
                throw new Pkcs11UnavailableException($"{Selector} is unavailable ({_lastFault}); next attempt after {retryAt:HH:mm:ss.fff}Z");
            }

            // The first reconnect after a fault is immediate (a transient C_Sign error costs one request); only a
            // failed reconnect makes the next attempt wait, so a dead token answers fast instead of being hammered.
            // The module generation this attempt starts from: re-initialise unless another thread already did since.
            // (Passing the generation of the last good connection instead stopped re-initialisation for good after the
            // first one: a token swapped out and back stayed invisible to SoftHSM, which reads its directory only in
            // C_Initialize.)
            int observedGeneration = Module.Generation;
            try
            {
                Connect();
            }
            catch (Exception first) when (first is Pkcs11Exception or Pkcs11UnavailableException && !force)
            {
                // The token may be back while the module still describes the old state: re-initialise and retry once.
                try
                {
                    if (_pinRefused is not null)
                    {
                        throw new Pkcs11UnavailableException(_pinRefused, first);
                    }

                    Module.Reinitialize(observedGeneration);
                    Connect();
                }
                catch (Exception e) when (e is Pkcs11Exception or Pkcs11UnavailableException)
                {
                    Interlocked.Exchange(ref _nextAttemptTicks, (DateTime.UtcNow + RetryInterval).Ticks);
                    string reason = $"cannot reconnect to {Selector}: {Describe(e)}";
                    MarkFaulted(reason);
                    throw new Pkcs11UnavailableException(reason, e);
                }
            }
        }
    }

    /// <summary>
    /// Under <see cref="_lock"/> and the module's write lock, so no signature is in flight and none starts until the
    /// new connection is complete (logged in): closes idle sessions, finds the token (the same serial number as at
    /// start-up), opens a session and logs in: the one C_Login of this connection, for every key on the token.
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

            var (slot, serialNumber) = FindOwnSlot();
            if (_pinRefused is not null)
            {
                throw new Pkcs11UnavailableException(_pinRefused);
            }

            _slot = slot;
            var session = slot.OpenSession(SessionType.ReadOnly);
            Interlocked.Increment(ref _open);
            try
            {
                Interlocked.Increment(ref _logins);
                session.Login(CKU.CKU_USER, _pin);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                // Another part of this process (a key ceremony, the dev token set-up) is logged in to the token.
            }
            catch (Pkcs11Exception e) when (_serialNumber is not null
                                            && e.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_LOCKED or CKR.CKR_PIN_EXPIRED or CKR.CKR_PIN_LEN_RANGE)
            {
                // A PIN that worked at start-up was refused: trying it again on every reconnect could exhaust the
                // token's retry counter and lock the user PIN. Stay unavailable until an operator restarts the TSA.
                _pinRefused = $"{Selector} (serial number {serialNumber}) refused the user PIN with {e.RV} at {DateTime.UtcNow:u}; "
                              + "not trying it again (a retry counter could lock the PIN): restart the TSA with the right PIN";
                Discard(new PooledSession(session, Epoch, Module.Generation));
                throw;
            }
            catch
            {
                Discard(new PooledSession(session, Epoch, Module.Generation));
                throw;
            }

            _serialNumber ??= serialNumber;
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
    /// The slot holding this token. Before the first login, the one slot the selector names; afterwards, among the
    /// slots it names, the one whose token has the serial number seen at the first login. A token with the right
    /// label but another serial number is another token (a replacement, a restored backup, an impostor): refused
    /// before any login, so the PIN is never presented to it and none of its keys is ever used.
    /// </summary>
    private (ISlot Slot, string SerialNumber) FindOwnSlot()
    {
        if (_serialNumber is null)
        {
            var slot = FindSlot(Module.Library, Selector);
            return (slot, slot.GetTokenInfo().SerialNumber.Trim());
        }

        var candidates = Module.Library.GetSlotList(SlotsType.WithTokenPresent).Where(s => Names(s, Selector))
            .Select(s => (Slot: s, Serial: SerialOf(s))).ToList();
        if (candidates.FirstOrDefault(c => c.Serial == _serialNumber) is { Slot: not null } own)
        {
            return (own.Slot, own.Serial!);
        }

        throw new Pkcs11UnavailableException(candidates.Count == 0
            ? $"no {Selector} is present"
            : $"{Selector} has serial number {string.Join(", ", candidates.Select(c => c.Serial ?? "(unreadable)"))}, not {_serialNumber} "
              + "as at start-up: another token; not logging in to it");
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
        var matches = slots.Where(s => Names(s, selector)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new Pkcs11UnavailableException($"no {selector} is present"),
            _ => throw new Pkcs11UnavailableException($"{matches.Count} tokens match {selector}; use a unique label or a slot"),
        };
    }

    private static bool Names(ISlot slot, Pkcs11TokenSelector selector) =>
        selector.SlotId is { } id ? slot.SlotId == id : TokenInfoOf(slot)?.Label.Trim() == selector.TokenLabel;

    private static string? SerialOf(ISlot slot) => TokenInfoOf(slot)?.SerialNumber.Trim();

    /// <summary>A slot whose token cannot describe itself (C_GetTokenInfo fails) matches no label; it must not hide the others.</summary>
    private static ITokenInfo? TokenInfoOf(ISlot slot)
    {
        try
        {
            return slot.GetTokenInfo();
        }
        catch (Pkcs11Exception)
        {
            return null;
        }
    }
}

using ReferenceTsa.Configuration;
using ReferenceTsa.Issuance;

namespace ReferenceTsa.Observability;

/// <summary>
/// Watches each TSU's signing life (EN 319 421 TIS-7.6.7: no signing after the key's usage period or the certificate
/// ends; TIS-7.7.2 and OVR-7.12: such events recorded). From <see cref="TimeStampingUnit.ExpiryWarning"/> before the
/// end it logs a warning once a day per TSU; when a TSU stops (or starts) being able to sign, it logs it and appends a
/// "tsu" record to the evidence log. Issuance itself refuses on its own (<see cref="TimeStampingUnit.CannotSignAt"/>):
/// this watch only reports.
/// </summary>
public sealed class TsuLifecycleWatch(
    TimeStampingService service,
    TimeProvider clock,
    Func<string, object, Task> record,
    ILogger<TsuLifecycleWatch> logger,
    TimeSpan checkInterval) : BackgroundService
{
    private static readonly TimeSpan WarningRepeat = TimeSpan.FromDays(1);
    private readonly Dictionary<string, bool> _canSign = [];
    private readonly Dictionary<string, DateTimeOffset> _warned = [];

    /// <summary>Checks every TSU once; the service calls it each interval.</summary>
    public async Task CheckAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var tsu in service.Tsus)
        {
            string? refusal = tsu.CannotSignAt(now);
            bool canSign = refusal is null;
            bool known = _canSign.TryGetValue(tsu.Name, out bool before);
            _canSign[tsu.Name] = canSign;
            if ((!known && !canSign) || (known && before != canSign))
            {
                if (canSign)
                {
                    logger.LogWarning("TSU {Tsu} can sign from now on (certificate and private key usage period valid until {SigningEndsAt:u})",
                        tsu.Name, tsu.SigningEndsAt);
                }
                else
                {
                    logger.LogError("TSU {Tsu} can no longer sign, its requests get systemFailure: {Reason}", tsu.Name, refusal);
                }

                await record("tsu", new { tsu = tsu.Name, @event = canSign ? "signing-started" : "signing-stopped", reason = refusal, signingEndsAt = tsu.SigningEndsAt });
            }

            if (tsu.ExpiresSoon(now) && (!_warned.TryGetValue(tsu.Name, out var last) || now - last >= WarningRepeat))
            {
                _warned[tsu.Name] = now;
                var left = tsu.SigningEndsAt - now;
                logger.LogWarning("TSU {Tsu} stops signing at {SigningEndsAt:u}, in {DaysLeft:0.#} days ({Subject}, certificate serial {Serial}): "
                    + "renew its key and certificate", tsu.Name, tsu.SigningEndsAt, left.TotalDays, tsu.Certificate.Subject, tsu.Certificate.SerialNumber);
                await record("tsu", new { tsu = tsu.Name, @event = "expiry-warning", signingEndsAt = tsu.SigningEndsAt, secondsLeft = Math.Round(left.TotalSeconds) });
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(checkInterval, clock);
        try
        {
            do
            {
                try
                {
                    await CheckAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "TSU lifecycle check failed");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

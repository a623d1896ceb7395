using ReferenceTsa.Configuration;
using ReferenceTsa.Signing;
using ReferenceTsa.Signing.Pkcs11;

namespace ReferenceTsa.Http;

/// <summary>
/// /healthz: the process answers. /readyz: the TSA can issue now, with what it issues from; a TSU whose key is
/// not HSM-protected is named as non-conformant (EN 319 421 TIS-7.6.2).
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app, TimeStampingService service, TimeProvider clock)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (Clock.IClockStateSource clockGate) =>
        {
            var now = clock.GetUtcNow();
            var clockState = clockGate.Current;
            var tsus = service.Tsus.Select(t => new
            {
                name = t.Name,
                subject = t.Certificate.Subject,
                notAfter = t.Certificate.NotAfter.ToUniversalTime(),
                keyProtection = t.SigningKey.Protection.ToString().ToLowerInvariant(),
                signatureScheme = t.SigningKey.Scheme.ToString(),
                hsm = t.SigningKey is Pkcs11SigningKey p
                    ? service.ReadyzDetail
                        ? (object)new { token = p.Token.Selector.ToString(), connected = p.Token.Connected, openSessions = p.Token.OpenSessions,
                            poolSize = p.Token.PoolSize, lastFault = p.Token.LastFault }
                        : new { connected = p.Token.Connected }
                    : null,
            }).ToList();
            var warnings = service.Tsus.Where(t => t.SigningKey.Protection == KeyProtection.Software)
                .Select(t => $"TSU {t.Name} signs with a software key, not HSM-protected: non-conformant with EN 319 421 TIS-7.6.2")
                .ToList();
            if (!clockState.Monitored)
            {
                warnings.Add("the clock is not monitored: genTime is not shown to be within the declared accuracy of UTC (EN 319 421 TIS-7.7.1)");
            }

            warnings.AddRange(Defects.DefectAnnouncement.Warnings(service.Defects));
            var expired = service.Tsus.Where(t => t.CannotSignAt(now) is not null).Select(t => t.Name).ToList();
            var expiring = service.Tsus.Where(t => !expired.Contains(t.Name) && t.ExpiresSoon(now))
                .Select(t => $"TSU {t.Name} stops signing at {t.SigningEndsAt:u} (certificate or private key usage period ends; warned {t.ExpiryWarning.TotalDays:0.##} days ahead)");
            warnings.AddRange(expiring);
            warnings.AddRange(clockState.Warnings);
            var hsmFaults = service.Tsus.Where(t => t.SigningKey is Pkcs11SigningKey { Token.LastFault: not null })
                .Select(t => service.ReadyzDetail
                    ? $"TSU {t.Name}: HSM unavailable: {((Pkcs11SigningKey)t.SigningKey).Token.LastFault}"
                    : $"TSU {t.Name}: HSM unavailable (the reason is in the TSA's log)").ToList();
            bool ready = expired.Count == 0 && hsmFaults.Count == 0 && clockState.Open;
            var body = new
            {
                status = ready ? "ready" : "not-ready",
                reasons = expired.Select(n => $"TSU {n}: certificate or private key usage period has ended").Concat(hsmFaults)
                    .Concat(clockState.Open ? [] : [$"clock gate closed: {clockState.Reason}"]).ToList(),
                clock = new
                {
                    open = clockState.Open,
                    monitored = clockState.Monitored,
                    reason = clockState.Reason,
                    errorBoundMs = clockState.ErrorBound?.TotalMilliseconds,
                    sources = clockState.Samples.Select(x => new { x.Source, offsetMs = x.Offset.TotalMilliseconds, stratum = x.Stratum }),
                },
                endpoints = service.Endpoints.Select(e => new { e.Name, e.Path, e.Qualified, policy = e.DefaultPolicyOid, accuracy = e.Accuracy.ToString() }),
                tsus,
                defects = service.Defects.List.Select(d => d.Name),
                warnings,
            };
            return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}

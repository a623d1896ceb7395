using ReferenceTsa.Issuance;

namespace ReferenceTsa.Observability;

/// <summary>
/// One line per time-stamp request (category ReferenceTsa.Access): client address (and X-Forwarded-For when a proxy
/// sent one), method, endpoint, HTTP status, PKIStatus and failInfo, serial number (hex) and duration. With
/// Tsa:Logging:Format json each field is a property of the JSON line.
/// </summary>
public static partial class AccessLog
{
    public const string Category = "ReferenceTsa.Access";

    public static void Write(ILogger logger, HttpContext context, IssuanceOutcome? outcome, TimeSpan elapsed)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        string forwardedFor = context.Request.Headers["X-Forwarded-For"] is { Count: > 0 } forwarded ? forwarded.ToString() : "-";
        Request(logger, context.Connection.RemoteIpAddress?.ToString() ?? "-", forwardedFor, context.Request.Method, context.Request.Path.Value ?? "",
            context.Response.StatusCode, outcome is null ? "-" : outcome.Status.ToString(),
            outcome is null || outcome.Granted ? "-" : outcome.FailInfo.ToString(),
            outcome?.SerialNumber is { } serial ? serial.ToString("X") : "-", Math.Round(elapsed.TotalMilliseconds, 2));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Client} forwarded-for {ForwardedFor} {Method} {Endpoint} HTTP {HttpStatus} PKIStatus {PkiStatus} failInfo {FailInfo} serial {Serial} {DurationMs} ms")]
    private static partial void Request(ILogger logger, string client, string forwardedFor, string method, string endpoint, int httpStatus,
        string pkiStatus, string failInfo, string serial, double durationMs);
}

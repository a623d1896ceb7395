using Microsoft.Net.Http.Headers;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Issuance;
using ReferenceTsa.Observability;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Http;

/// <summary>
/// RFC 3161 §3.4 over HTTP: POST application/timestamp-query, answered with HTTP 200 and
/// application/timestamp-reply for every well-formed TimeStampResp, rejections included. Transport problems get
/// HTTP errors: 405 for other methods, 415 for other media types, 413 above the size cap, 408 for a body that is
/// slower than Kestrel's minimum data rate, stalls, or never comes. Every request gets one access-log line.
/// </summary>
public static class TimeStampEndpoints
{
    private static readonly TimeSpan BodyReadTimeout = TimeSpan.FromSeconds(15);

    public static void MapTimeStampEndpoints(this IEndpointRouteBuilder app, TimeStampingService service)
    {
        var services = app.ServiceProvider;
        var access = service.Logging.AccessLog ? services.GetRequiredService<ILoggerFactory>().CreateLogger(AccessLog.Category) : null;
        var transport = services.GetRequiredService<ILoggerFactory>().CreateLogger("ReferenceTsa.Http");
        var endpoint = new Context(service, services.GetRequiredService<TimeStampIssuer>(), services.GetRequiredService<TsaMetrics>(),
            services.GetRequiredService<IEvidenceLog>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("ReferenceTsa.Evidence"), transport);
        foreach (var policy in service.Endpoints)
        {
            app.Map(policy.Path, async context =>
            {
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                IssuanceOutcome? outcome = await HandleAsync(context, policy, endpoint);
                if (access is not null)
                {
                    AccessLog.Write(access, context, outcome, System.Diagnostics.Stopwatch.GetElapsedTime(started));
                }
            });
        }
    }

    /// <summary>What every request needs, resolved once at start rather than per request.</summary>
    private sealed record Context(TimeStampingService Service, TimeStampIssuer Issuer, TsaMetrics Metrics, IEvidenceLog Evidence,
        ILogger EvidenceLogger, ILogger TransportLogger);

    /// <returns>The RFC 3161 outcome when the request reached the issuer; null for an HTTP-level refusal.</returns>
    private static async Task<IssuanceOutcome?> HandleAsync(HttpContext context, IssuancePolicy policy, Context endpoint)
    {
        if (await RefusedByTransportAsync(context, endpoint.Service) || await ReadBodyOrRefuseAsync(context, endpoint) is not { } body)
        {
            return null;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = await IssueDurablyAsync(body, policy, endpoint);
        endpoint.Metrics.Latency(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var response = context.Response;
        var (status, contentType, answer) = Defects.HttpDefects.Answer(outcome.Response, endpoint.Service.Defects);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = answer.Length;
        response.Headers.CacheControl = "no-store";
        await response.Body.WriteAsync(answer, context.RequestAborted);
        return outcome;
    }

    /// <summary>Answers 405, 415 or 413 (declared length) and returns true when the request is not a time-stamp query.</summary>
    private static async Task<bool> RefusedByTransportAsync(HttpContext context, TimeStampingService service)
    {
        var request = context.Request;
        var response = context.Response;
        bool checkTransport = !service.Defects.Has(Defects.DefectCatalogue.MediaTypeUnchecked);
        if (!HttpMethods.IsPost(request.Method) && checkTransport)
        {
            response.Headers.Allow = "POST";
            await Plain(response, StatusCodes.Status405MethodNotAllowed,
                $"{request.Method} is not allowed: send a DER TimeStampReq by POST with Content-Type {MediaTypes.TimeStampQuery}");
            return true;
        }

        if (checkTransport && (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals(MediaTypes.TimeStampQuery, StringComparison.OrdinalIgnoreCase)))
        {
            await Plain(response, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not {MediaTypes.TimeStampQuery} (RFC 3161 §3.4)");
            return true;
        }

        if (request.ContentLength > service.MaxRequestBytes)
        {
            await Plain(response, StatusCodes.Status413PayloadTooLarge, $"the request is larger than {service.MaxRequestBytes} bytes");
            return true;
        }

        return false;
    }

    /// <summary>The whole body, or null once the request has been answered (408, 413, a broken body) or the client is gone.</summary>
    private static async Task<byte[]?> ReadBodyOrRefuseAsync(HttpContext context, Context endpoint)
    {
        var request = context.Request;
        int maxRequestBytes = endpoint.Service.MaxRequestBytes;
        byte[]? body;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            timeout.CancelAfter(BodyReadTimeout);
            try
            {
                body = await ReadBodyAsync(request.Body, maxRequestBytes, timeout.Token);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                await BodyTimedOutAsync(context, endpoint, $"the request body did not arrive within {BodyReadTimeout.TotalSeconds:0} s");
                return null;
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status408RequestTimeout)
            {
                // Kestrel's minimum request body data rate (240 bytes/s after a 5 s grace period): slow, stalled or absent.
                await BodyTimedOutAsync(context, endpoint, "the request body arrived more slowly than the minimum data rate, stalled, or never came");
                return null;
            }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
            {
                // A broken body (e.g. bad chunked framing): Kestrel's own status, and the connection is closed.
                endpoint.Metrics.BodyFailure("malformed");
                endpoint.TransportLogger.LogWarning("{Client} {Path}: HTTP {Status}, malformed request body: {Reason}",
                    context.Connection.RemoteIpAddress, request.Path.Value, e.StatusCode, e.Message);
                await CloseWithAsync(context, e.StatusCode, $"the request body is malformed: {e.Message}");
                return null;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // The client closed the connection before its body was complete: nobody is left to answer.
                endpoint.Metrics.BodyFailure("aborted");
                endpoint.TransportLogger.LogInformation("{Client} {Path}: the client closed the connection before the request body was complete",
                    context.Connection.RemoteIpAddress, request.Path.Value);
                return null;
            }
        }

        if (body is null)
        {
            await Plain(context.Response, StatusCodes.Status413PayloadTooLarge, $"the request is larger than {maxRequestBytes} bytes");
        }

        return body;
    }

    /// <summary>
    /// Issues, and lets a granted token go only once its evidence record is durable (EN 319 421 OVR-7.12); when the
    /// record cannot be written the token is withheld and the client gets systemFailure.
    /// </summary>
    private static async Task<IssuanceOutcome> IssueDurablyAsync(byte[] body, IssuancePolicy policy, Context endpoint)
    {
        var outcome = endpoint.Issuer.Issue(body, policy);
        if (outcome.Granted)
        {
            try
            {
                await endpoint.Evidence.AppendAsync(EvidencePayloads.TokenKind, EvidencePayloads.Token(outcome));
                endpoint.Metrics.Issued(policy.Name);
                return outcome;
            }
            catch (Exception e)
            {
                endpoint.EvidenceLogger.LogError(e, "Token {Serial} withheld: its evidence record could not be written", outcome.SerialNumber?.ToString("X"));
                endpoint.Metrics.EvidenceFailure();
                outcome = new IssuanceOutcome(TimeStampResponseEncoder.Rejection(PkiFailureInfo.SystemFailure, "the evidence log is unavailable"),
                    PkiStatus.Rejection, PkiFailureInfo.SystemFailure, "the evidence log is unavailable");
            }
        }

        endpoint.Metrics.Rejected(policy.Name, outcome.FailInfo);
        return outcome;
    }

    private static Task BodyTimedOutAsync(HttpContext context, Context endpoint, string reason)
    {
        endpoint.Metrics.BodyFailure("timeout");
        endpoint.TransportLogger.LogWarning("{Client} {Path}: HTTP 408, {Reason}", context.Connection.RemoteIpAddress, context.Request.Path.Value, reason);
        return CloseWithAsync(context, StatusCodes.Status408RequestTimeout, reason);
    }

    /// <summary>
    /// Answers <paramref name="status"/> with Connection: close, then closes the connection: the rest of a body that did
    /// not arrive in time is not waited for (no drain, so no drain-timeout noise in the log).
    /// </summary>
    private static async Task CloseWithAsync(HttpContext context, int status, string message)
    {
        var response = context.Response;
        if (!response.HasStarted)
        {
            response.Headers.Connection = "close";
            await Plain(response, status, message);
            await response.CompleteAsync();
        }
    }

    /// <summary>Reads the whole body, or returns null as soon as it exceeds <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        byte[] chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Task Plain(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message + "\n");
    }
}

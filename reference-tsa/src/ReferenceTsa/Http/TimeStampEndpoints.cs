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
/// HTTP errors: 405 for other methods, 415 for other media types, 413 above the size cap, 408 for stalled bodies.
/// </summary>
public static class TimeStampEndpoints
{
    private static readonly TimeSpan BodyReadTimeout = TimeSpan.FromSeconds(15);

    public static void MapTimeStampEndpoints(this IEndpointRouteBuilder app, TimeStampingService service)
    {
        foreach (var policy in service.Endpoints)
        {
            app.Map(policy.Path, context => HandleAsync(context, policy, service.MaxRequestBytes, service.Defects));
        }
    }

    private static async Task HandleAsync(HttpContext context, IssuancePolicy policy, int maxRequestBytes, Defects.ActiveDefects defects)
    {
        var request = context.Request;
        var response = context.Response;
        bool checkTransport = !defects.Has(Defects.DefectCatalogue.MediaTypeUnchecked);
        if (!HttpMethods.IsPost(request.Method) && checkTransport)
        {
            response.Headers.Allow = "POST";
            await Plain(response, StatusCodes.Status405MethodNotAllowed,
                $"{request.Method} is not allowed: send a DER TimeStampReq by POST with Content-Type {MediaTypes.TimeStampQuery}");
            return;
        }

        if (checkTransport && (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals(MediaTypes.TimeStampQuery, StringComparison.OrdinalIgnoreCase)))
        {
            await Plain(response, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not {MediaTypes.TimeStampQuery} (RFC 3161 §3.4)");
            return;
        }

        if (request.ContentLength > maxRequestBytes)
        {
            await Plain(response, StatusCodes.Status413PayloadTooLarge, $"the request is larger than {maxRequestBytes} bytes");
            return;
        }

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
                await Plain(response, StatusCodes.Status408RequestTimeout,
                    $"the request body did not arrive within {BodyReadTimeout.TotalSeconds:0} s");
                return;
            }
            catch (Exception e) when (e is IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
            {
                // The client went away or sent a broken body; Kestrel has answered or closed already.
                return;
            }
        }

        if (body is null)
        {
            await Plain(response, StatusCodes.Status413PayloadTooLarge, $"the request is larger than {maxRequestBytes} bytes");
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var issuer = context.RequestServices.GetRequiredService<TimeStampIssuer>();
        var metrics = context.RequestServices.GetRequiredService<TsaMetrics>();
        var outcome = issuer.Issue(body, policy);
        if (outcome.Granted)
        {
            // A token leaves the TSA only once its evidence record is durable (EN 319 421 OVR-7.12).
            try
            {
                await context.RequestServices.GetRequiredService<IEvidenceLog>()
                    .AppendAsync("token", EvidencePayloads.Token(outcome));
                metrics.Issued(policy.Name);
            }
            catch (Exception e)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ReferenceTsa.Evidence")
                    .LogError(e, "Token {Serial} withheld: its evidence record could not be written", outcome.SerialNumber?.ToString("X"));
                metrics.EvidenceFailure();
                outcome = new IssuanceOutcome(TimeStampResponseEncoder.Rejection(PkiFailureInfo.SystemFailure, "the evidence log is unavailable"),
                    PkiStatus.Rejection, PkiFailureInfo.SystemFailure, "the evidence log is unavailable");
            }
        }

        if (!outcome.Granted)
        {
            metrics.Rejected(policy.Name, outcome.FailInfo);
        }

        metrics.Latency(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        var (status, contentType, answer) = Defects.HttpDefects.Answer(outcome.Response, defects);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = answer.Length;
        response.Headers.CacheControl = "no-store";
        await response.Body.WriteAsync(answer, context.RequestAborted);
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

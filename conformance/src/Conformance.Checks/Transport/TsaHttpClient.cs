using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Conformance.Checks.Evidence;
using Conformance.Checks.Outcomes;

namespace Conformance.Checks.Transport;

/// <summary>
/// The HTTP side of RFC 3161 §3.4. Every exchange is captured as evidence (request, response body, a readable
/// transcript), and every way a target can misbehave becomes a <see cref="TargetErrorException"/> whose message names
/// the URL and what happened. One instance serves a whole run; it is thread-safe.
/// </summary>
public sealed class TsaHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient _fresh;
    private readonly TsaHttpOptions _options;
    private readonly RequestPacer? _pacer;

    public TsaHttpClient(TsaHttpOptions options)
    {
        _options = options;
        _http = new HttpClient(Handler(options, TimeSpan.FromMinutes(2))) { Timeout = Timeout.InfiniteTimeSpan };
        // For the one retry after a pooled connection turned out to be closed: a connection of its own, never reused.
        _fresh = new HttpClient(Handler(options, TimeSpan.Zero)) { Timeout = Timeout.InfiniteTimeSpan };
        _pacer = options.MaxRequestsPerSecond is > 0 and var rate ? new RequestPacer(rate) : null;
    }

    private static SocketsHttpHandler Handler(TsaHttpOptions options, TimeSpan pooledConnectionLifetime)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = pooledConnectionLifetime,
        };
        if (options.ClientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [options.ClientCertificate];
        }

        if (options.InsecureSkipServerCertificateValidation)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (options.ServerTrustAnchors is { Count: > 0 } anchors)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateWithAnchors(certificate, errors, anchors);
        }

        return handler;
    }

    public TsaHttpOptions Options => _options;

    /// <summary>Sends one request and reads the whole response, within the time limit and the size cap.</summary>
    public async Task<HttpExchange> SendAsync(
        HttpMethod method, Uri url, string? contentType, ReadOnlyMemory<byte> body, IEvidenceSink? evidence, string label,
        CancellationToken cancellationToken = default)
    {
        if (_pacer is not null)
        {
            await _pacer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var evidenceFiles = new List<string>();
        if (evidence is not null && !body.IsEmpty)
        {
            evidenceFiles.Add(evidence.Save(label + "-request", contentType == TsaMediaTypes.Query ? "tsq" : "bin", body.Span));
        }

        using var request = NewRequest(method, url, contentType, body);
        StringBuilder transcript = RequestTranscript(request, body.Length);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            (HttpResponseMessage response, bool retried) = await SendWithOneRetryAsync(request, contentType, body, transcript, timeout).ConfigureAwait(false);
            using var _ = response;
            byte[] responseBody = await ReadCappedAsync(response, $"{method} {url}", timeout.Token).ConfigureAwait(false);
            stopwatch.Stop();

            string? header = response.Content.Headers.ContentType?.ToString();
            string? mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
            AppendResponse(transcript, response, responseBody.Length, stopwatch.Elapsed);
            if (evidence is not null)
            {
                string extension = mediaType == TsaMediaTypes.Reply ? "tsr" : "bin";
                evidenceFiles.Add(evidence.Save(label + "-response", extension, responseBody));
                evidenceFiles.Add(evidence.Save(label + "-http", "txt", Encoding.UTF8.GetBytes(transcript.ToString())));
            }

            return new HttpExchange
            {
                Url = url,
                Method = method.Method,
                RequestContentType = contentType,
                RequestBody = body,
                StatusCode = response.StatusCode,
                ReasonPhrase = response.ReasonPhrase,
                ContentType = mediaType,
                ContentTypeHeader = header,
                Body = responseBody,
                Elapsed = stopwatch.Elapsed,
                EvidenceFiles = evidenceFiles,
                RetriedOnFreshConnection = retried,
            };
        }
        catch (Exception e) when (e is not TargetErrorException)
        {
            string message = Explain(method, url, e, timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            if (evidence is not null)
            {
                transcript.Append("No response: ").Append(message).Append('\n');
                evidenceFiles.Add(evidence.Save(label + "-http", "txt", Encoding.UTF8.GetBytes(transcript.ToString())));
            }

            throw new TargetErrorException(message, e);
        }
    }

    /// <summary>The request as the evidence transcript shows it (an Authorization header redacted).</summary>
    private static StringBuilder RequestTranscript(HttpRequestMessage request, int bodyLength)
    {
        var transcript = new StringBuilder();
        transcript.Append(CultureInfo.InvariantCulture, $"{request.Method} {request.RequestUri}\n");
        transcript.Append(CultureInfo.InvariantCulture, $"Date: {DateTimeOffset.UtcNow:O}\n");
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            string value = header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "(redacted)" : string.Join(", ", header.Value);
            transcript.Append(CultureInfo.InvariantCulture, $"{header.Key}: {value}\n");
        }

        transcript.Append(CultureInfo.InvariantCulture, $"Request body: {bodyLength} bytes\n\n");
        return transcript;
    }

    private static void AppendResponse(StringBuilder transcript, HttpResponseMessage response, int bodyLength, TimeSpan elapsed)
    {
        transcript.Append(CultureInfo.InvariantCulture, $"HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}\n");
        foreach (var h in response.Headers.Concat(response.Content.Headers))
        {
            transcript.Append(CultureInfo.InvariantCulture, $"{h.Key}: {string.Join(", ", h.Value)}\n");
        }

        transcript.Append(CultureInfo.InvariantCulture, $"Response body: {bodyLength} bytes in {elapsed.TotalMilliseconds:F0} ms\n");
    }

    /// <summary>
    /// Sends on the pooled connection. When the server closed it before any response began (it closes after each
    /// response without announcing it, or speaks HTTP/1.0), sends once more on a fresh connection, as curl does.
    /// </summary>
    private async Task<(HttpResponseMessage Response, bool Retried)> SendWithOneRetryAsync(
        HttpRequestMessage request, string? contentType, ReadOnlyMemory<byte> body, StringBuilder transcript, CancellationTokenSource timeout)
    {
        try
        {
            return (await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false), false);
        }
        catch (HttpRequestException stale) when (ClosedBeforeAnswer(stale) && !timeout.IsCancellationRequested)
        {
            transcript.Append("The connection closed before any response began (").Append(Innermost(stale))
                .Append("); the request was sent again on a fresh connection.\n\n");
            using var again = NewRequest(request.Method, request.RequestUri!, contentType, body);
            again.Headers.ConnectionClose = true;
            return (await _fresh.SendAsync(again, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false), true);
        }
    }

    private HttpRequestMessage NewRequest(HttpMethod method, Uri url, string? contentType, ReadOnlyMemory<byte> body)
    {
        var request = new HttpRequestMessage(method, url);
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body.ToArray());
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        ApplyAuthentication(request);
        return request;
    }

    /// <summary>The connection ended (or was reset) before the response's status line: nothing of an answer arrived.</summary>
    private static bool ClosedBeforeAnswer(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.ResponseEnded
        || (e.InnerException is IOException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted } });

    private void ApplyAuthentication(HttpRequestMessage request)
    {
        if (_options.BasicUser is not null)
        {
            string credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.BasicUser}:{_options.BasicPassword}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }
        else if (_options.BearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.BearerToken);
        }

        foreach ((string name, string value) in _options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, string target, CancellationToken cancellationToken)
    {
        long cap = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is long declared && declared > cap)
        {
            throw new TargetErrorException(
                $"{target} answered HTTP {(int)response.StatusCode} with a body of {declared} bytes, above the size cap of {cap} bytes; the body was not read");
        }

        await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        while (true)
        {
            int read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > cap)
            {
                throw new TargetErrorException(
                    $"{target} answered HTTP {(int)response.StatusCode} with a body larger than the size cap of {cap} bytes; reading stopped there");
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private string Explain(HttpMethod method, Uri url, Exception e, bool timedOut)
    {
        string target = $"{method} {url}";
        if (timedOut || e is TaskCanceledException or OperationCanceledException)
        {
            return $"{target}: no complete answer within {_options.RequestTimeout.TotalSeconds:0.#} s (the target accepted the connection but did not finish responding, or the connection could not be made in time)";
        }

        if (e is HttpRequestException http)
        {
            string detail = Innermost(e);
            return http.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => $"{target}: the host name {url.Host} could not be resolved (DNS): {detail}",
                HttpRequestError.ConnectionError when e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                    $"{target}: connection refused: nothing listens on {url.Host}:{url.Port}",
                HttpRequestError.ConnectionError => $"{target}: the connection failed: {detail}",
                HttpRequestError.SecureConnectionError => $"{target}: the TLS handshake failed: {detail}",
                HttpRequestError.ResponseEnded => $"{target}: the connection closed before a complete HTTP response arrived",
                HttpRequestError.InvalidResponse => $"{target}: the answer is not valid HTTP: {detail}",
                _ => $"{target}: HTTP failure ({http.HttpRequestError}): {detail}",
            };
        }

        if (e is AuthenticationException)
        {
            return $"{target}: the TLS handshake failed: {Innermost(e)}";
        }

        return $"{target}: {e.GetType().Name}: {Innermost(e)}";
    }

    private static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (!messages.Contains(current.Message))
            {
                messages.Add(current.Message);
            }
        }

        return string.Join(" -> ", messages);
    }

    private static bool ValidateWithAnchors(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection anchors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    public void Dispose()
    {
        _http.Dispose();
        _fresh.Dispose();
    }

    /// <summary>Spaces requests so that no more than the configured number start per second, across all workers.</summary>
    private sealed class RequestPacer(double perSecond)
    {
        private readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / perSecond);
        private readonly SemaphoreSlim _gate = new(1, 1);
        private long _nextTimestamp;

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                long now = Stopwatch.GetTimestamp();
                if (_nextTimestamp > now)
                {
                    await Task.Delay(Stopwatch.GetElapsedTime(now, _nextTimestamp), cancellationToken).ConfigureAwait(false);
                    now = Stopwatch.GetTimestamp();
                }

                _nextTimestamp = now + (long)(_interval.TotalSeconds * Stopwatch.Frequency);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}

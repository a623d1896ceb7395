using System.Formats.Asn1;
using System.Net.Http.Headers;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests.Checks;

/// <summary>
/// A real HTTP front for the stub TSA that can behave well or misbehave at the HTTP or protocol level: refuse methods
/// and media types as RFC 3161 §3.4 expects, rewrite the request before the stub sees it, or rewrite the status of the
/// answer. The stub signs; the front only decides what reaches it and what comes back.
/// </summary>
public sealed class FrontedTsa : IAsyncDisposable
{
    private readonly StubTsa _stub = new();
    private readonly HttpClient _http = new();
    private readonly LoopbackHttpServer _server;

    /// <param name="strictHttp">405 for methods other than POST, 415 for media types other than application/timestamp-query.</param>
    /// <param name="rewriteRequest">Changes the DER TimeStampReq before the stub signs it.</param>
    /// <param name="status">When set, the PKIStatus of every answer with a token is replaced by this value.</param>
    public FrontedTsa(bool strictHttp, Func<byte[], byte[]>? rewriteRequest = null, int? status = null)
    {
        _server = new LoopbackHttpServer(async (request, stream, ct) =>
        {
            request.Headers.TryGetValue("Content-Type", out string? type);
            if (strictHttp && request.Method != "POST")
            {
                await LoopbackHttpServer.WriteResponseAsync(stream, 405, "text/plain", "POST only\n"u8.ToArray(), ct);
                return;
            }

            if (strictHttp && type != "application/timestamp-query")
            {
                await LoopbackHttpServer.WriteResponseAsync(stream, 415, "text/plain", "application/timestamp-query only\n"u8.ToArray(), ct);
                return;
            }

            byte[] body = rewriteRequest is null ? request.Body : rewriteRequest(request.Body);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/timestamp-query");
            using HttpResponseMessage answer = await _http.PostAsync(_stub.Url, content, ct);
            byte[] reply = await answer.Content.ReadAsByteArrayAsync(ct);
            await LoopbackHttpServer.WriteResponseAsync(stream, 200, "application/timestamp-reply", status is { } s ? WithStatus(reply, s) : reply, ct);
        });
    }

    public Uri Url => new(_server.BaseAddress, "tsa");

    /// <summary>The TimeStampResp with its PKIStatus replaced (statusString and failInfo dropped), token kept.</summary>
    public static byte[] WithStatus(byte[] response, int status)
    {
        AsnReader outer = new AsnReader(response, AsnEncodingRules.DER).ReadSequence();
        outer.ReadSequence();
        byte[]? token = outer.HasData ? outer.ReadEncodedValue().ToArray() : null;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger(status);
            }

            if (token is not null)
            {
                writer.WriteEncodedValue(token);
            }
        }

        return writer.Encode();
    }

    /// <summary>The request without its reqPolicy (imprint, nonce and certReq kept): the stub then uses its own policy.</summary>
    public static byte[] WithoutPolicy(byte[] request)
    {
        var parsed = new Org.BouncyCastle.Tsp.TimeStampRequest(request);
        var generator = new Org.BouncyCastle.Tsp.TimeStampRequestGenerator();
        generator.SetCertReq(parsed.CertReq);
        return (parsed.Nonce is null
            ? generator.Generate(parsed.MessageImprintAlgOid, parsed.GetMessageImprintDigest())
            : generator.Generate(parsed.MessageImprintAlgOid, parsed.GetMessageImprintDigest(), parsed.Nonce)).GetEncoded();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _stub.DisposeAsync();
        _http.Dispose();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>One embedded reference TSA (the `serve` default) shared by the tests of a class.</summary>
public sealed class RunningTsa : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-http-").FullName;

    public EmbeddedTsa Tsa { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Tsa = await EmbeddedTsa.StartAsync(_directory);

    public async ValueTask DisposeAsync()
    {
        await Tsa.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>RFC 3161 §3.4 transport of the running server: status codes, media types and limits.</summary>
public sealed class HttpTransportTests(RunningTsa running) : IClassFixture<RunningTsa>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly EmbeddedTsa _tsa = running.Tsa;

    public void Dispose() => _http.Dispose();

    private static ByteArrayContent Query(byte[] body, string mediaType = "application/timestamp-query")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    [Theory]
    [InlineData("tsa")]
    [InlineData("qtsa")]
    public async Task Valid_query_gets_200_with_a_timestamp_reply(string path)
    {
        using var response = await _http.PostAsync(new Uri(_tsa.BaseAddress, path), Query(new RequestBuilder().Encode()), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType?.MediaType);
        var decoded = DecodedResponse.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, decoded.Status);
    }

    [Fact]
    public async Task Rejections_are_also_http_200_timestamp_replies()
    {
        using var response = await _http.PostAsync(_tsa.NonQualifiedUrl,
            Query(new RequestBuilder { HashOid = "1.3.14.3.2.26", Imprint = new byte[20] }.Encode()), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType?.MediaType);
        var decoded = DecodedResponse.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, decoded.Status);
        Assert.Equal([0], decoded.FailInfoBits);
    }

    [Fact]
    public async Task Media_type_parameters_and_case_are_tolerated()
    {
        using var response = await _http.PostAsync(_tsa.NonQualifiedUrl,
            Query(new RequestBuilder().Encode(), "Application/TimeStamp-Query; charset=binary"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Other_methods_get_405_with_allow_post(string method)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), _tsa.NonQualifiedUrl), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData("application/timestamp-reply")]
    [InlineData("text/plain")]
    public async Task Other_content_types_get_415_and_never_a_token(string mediaType)
    {
        using var response = await _http.PostAsync(_tsa.QualifiedUrl, Query(new RequestBuilder().Encode(), mediaType), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/timestamp-query", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Missing_content_type_gets_415()
    {
        using var response = await _http.PostAsync(_tsa.NonQualifiedUrl, new ByteArrayContent(new RequestBuilder().Encode()), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_body_gets_413()
    {
        using var response = await _http.PostAsync(_tsa.NonQualifiedUrl, Query(new byte[64 * 1024]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_chunked_body_without_length_gets_413()
    {
        var content = new StreamContent(new MemoryStream(new byte[64 * 1024]));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/timestamp-query");
        using var request = new HttpRequestMessage(HttpMethod.Post, _tsa.NonQualifiedUrl) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_answers_and_readyz_reports_endpoints_and_the_software_key_warning()
    {
        using var health = await _http.GetAsync(new Uri(_tsa.BaseAddress, "healthz"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var ready = await _http.GetAsync(new Uri(_tsa.BaseAddress, "readyz"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("ready", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("endpoints").GetArrayLength());
        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("not HSM-protected"));
    }

    [Fact]
    public async Task Unknown_paths_get_404()
    {
        using var response = await _http.PostAsync(new Uri(_tsa.BaseAddress, "timestamp"), Query(new RequestBuilder().Encode()), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

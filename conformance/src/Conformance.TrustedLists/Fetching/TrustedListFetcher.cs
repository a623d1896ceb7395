using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Conformance.TrustedLists.Authenticity;
using Conformance.TrustedLists.Model;
using Conformance.TrustedLists.Reading;

namespace Conformance.TrustedLists.Fetching;

/// <summary>What a fetch produced: the cached LOTL and member-state lists (fresh or, when a download failed, the cached copy) and what happened.</summary>
public sealed record FetchResult(string? ListOfLists, IReadOnlyList<string> Lists, IReadOnlyList<string> Messages);

/// <summary>
/// Fetches the list of lists from its URL and then every XML list it points to, into a cache folder. Each download is
/// conditional (If-None-Match / If-Modified-Since from the previous response), limited in size and time, and written
/// atomically; when a download fails the cached copy is used and the failure reported. The LOTL must be authentic
/// under the pinned certificates before its pointers are followed. Everything fetched is checked again when read.
/// </summary>
public sealed class TrustedListFetcher(HttpClient http, string cacheDirectory)
{
    /// <summary>The EU list of lists' published location.</summary>
    public static readonly Uri EuListOfLists = new("https://ec.europa.eu/tools/lotl/eu-lotl.xml");

    public long MaxBytes { get; init; } = SafeXmlLoader.MaxBytes;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public async Task<FetchResult> FetchAsync(Uri lotlUrl, IReadOnlyCollection<X509Certificate2> pinnedSigners, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheDirectory);
        var messages = new List<string>();
        string? lotlPath = await FetchOneAsync(lotlUrl, "EU-lotl.xml", messages, cancellationToken).ConfigureAwait(false);
        if (lotlPath is null)
        {
            return new FetchResult(null, [], messages);
        }

        TrustedListFile lotl;
        try
        {
            lotl = TrustedListFile.Load(lotlPath);
        }
        catch (TrustedListFormatException e)
        {
            messages.Add(e.Message);
            return new FetchResult(null, [], messages);
        }

        ListAuthenticity authenticity = ListAuthenticator.ListOfLists(lotl, pinnedSigners);
        if (!authenticity.IsAuthentic)
        {
            messages.Add($"{lotlUrl}: the list of lists is {authenticity.Describe()}; its pointers are not followed");
            return new FetchResult(lotlPath, [], messages);
        }

        var lists = new List<string>();
        foreach (OtherListPointer pointer in lotl.List.Pointers.Where(IsMemberStateXmlList))
        {
            if (!Uri.TryCreate(pointer.Location, UriKind.Absolute, out Uri? location) || location.Scheme is not ("http" or "https"))
            {
                messages.Add($"{pointer.Territory}: TSLLocation '{pointer.Location}' is not an http(s) URL; skipped");
                continue;
            }

            if (await FetchOneAsync(location, $"{pointer.Territory}.xml", messages, cancellationToken).ConfigureAwait(false) is { } path)
            {
                lists.Add(path);
            }
        }

        return new FetchResult(lotlPath, lists, messages);
    }

    private static bool IsMemberStateXmlList(OtherListPointer pointer) =>
        !string.Equals(pointer.Territory, "EU", StringComparison.OrdinalIgnoreCase)
        && (pointer.MimeType?.Contains("xml", StringComparison.OrdinalIgnoreCase) ?? pointer.Location.EndsWith(".xml", StringComparison.OrdinalIgnoreCase));

    private async Task<string?> FetchOneAsync(Uri url, string fileName, List<string> messages, CancellationToken cancellationToken)
    {
        string path = Path.Combine(cacheDirectory, fileName);
        string metaPath = path + ".meta.json";
        CacheMeta? meta = File.Exists(path) && File.Exists(metaPath) ? ReadMeta(metaPath) : null;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (meta is not null && meta.Url == url.ToString())
        {
            if (meta.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out EntityTagHeaderValue? tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }

            if (meta.LastModified is { } modified)
            {
                request.Headers.IfModifiedSince = modified;
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified && File.Exists(path))
            {
                messages.Add($"{url}: not modified since {meta?.Fetched:yyyy-MM-ddTHH:mm:ssZ}; cached copy {path}");
                return path;
            }

            if (!response.IsSuccessStatusCode)
            {
                return Fallback(path, messages, $"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength is > 0 and var length && length > MaxBytes)
            {
                return Fallback(path, messages, $"{url}: refused, {length} bytes announced is more than the {MaxBytes} accepted");
            }

            byte[]? content = await ReadLimitedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            if (content is null)
            {
                return Fallback(path, messages, $"{url}: refused, the body is longer than the {MaxBytes} bytes accepted");
            }

            string temporary = path + ".part";
            await File.WriteAllBytesAsync(temporary, content, timeout.Token).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
            var newMeta = new CacheMeta(url.ToString(), response.Headers.ETag?.ToString(), response.Content.Headers.LastModified, DateTimeOffset.UtcNow);
            await File.WriteAllTextAsync(metaPath, JsonSerializer.Serialize(newMeta), timeout.Token).ConfigureAwait(false);
            messages.Add($"{url}: fetched {content.Length} bytes into {path}");
            return path;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fallback(path, messages, $"{url}: no complete answer within {Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return Fallback(path, messages, $"{url}: {e.Message}");
        }
    }

    private async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string? Fallback(string path, List<string> messages, string problem)
    {
        if (File.Exists(path))
        {
            messages.Add($"{problem}; using the cached copy {path} from {File.GetLastWriteTimeUtc(path):yyyy-MM-ddTHH:mm:ssZ}");
            return path;
        }

        messages.Add($"{problem}; no cached copy");
        return null;
    }

    private static CacheMeta? ReadMeta(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<CacheMeta>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record CacheMeta(string Url, string? ETag, DateTimeOffset? LastModified, DateTimeOffset Fetched);
}

using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Reports;

/// <summary>
/// A small RFC 3161 client for sealing reports: SHA-256 imprint, random 64-bit nonce, certReq TRUE (so the token
/// carries the TSU certificate that `report verify` checks it with). Independent of the suite's own TSA client.
/// </summary>
public static class Rfc3161Client
{
    public static async Task<Rfc3161TimestampToken> StampAsync(byte[] data, Uri url, HttpClient? http = null, CancellationToken cancellationToken = default)
    {
        byte[] nonce = RandomNumberGenerator.GetBytes(8);
        nonce[0] &= 0x7F; // a positive INTEGER
        Rfc3161TimestampRequest request = Rfc3161TimestampRequest.CreateFromData(data, HashAlgorithmName.SHA256, nonce: nonce, requestSignerCertificates: true);

        using HttpClient owned = http is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null!;
        HttpClient client = http ?? owned;
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(url, content, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new SealException($"{url}: the time-stamping service could not be reached: {e.Message}");
        }

        using (response)
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new SealException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            try
            {
                // Checks status granted, the imprint, the nonce, and that the signer certificate is present (RFC 3161 §2.4.2).
                return request.ProcessResponse(body, out _);
            }
            catch (CryptographicException e)
            {
                throw new SealException($"{url}: the time-stamp response was not usable: {e.Message}");
            }
        }
    }
}

public sealed class SealException(string message) : Exception(message);

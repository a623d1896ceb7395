using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

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

/// <summary>HTTP for the sealing client: the system's trust store, plus extra TLS roots (a target's own CA, as for the reference TSA).</summary>
public static class SealHttp
{
    public static HttpClient Create(X509Certificate2Collection? extraTlsRoots)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (extraTlsRoots is { Count: > 0 } roots)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (errors == SslPolicyErrors.RemoteCertificateChainErrors && ChainsTo(certificate, roots));
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private static bool ChainsTo(X509Certificate? certificate, X509Certificate2Collection roots)
    {
        if (certificate is null)
        {
            return false;
        }

        using X509Certificate2 server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using X509Chain chain = AnchoredChain.Build(server, roots, null, null, out bool valid);
        return valid;
    }
}

public sealed class SealException(string message) : Exception(message);

using System.Security.Authentication;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Requirements;

/// <summary>
/// TSP-HTTP-003: the service answers over HTTPS. EN 319 422 §7 lets a TSA use HTTP or HTTPS and recommends HTTPS;
/// CIR (EU) 2025/1929 Annex point 2(9) makes HTTPS support mandatory for qualified services.
/// </summary>
public static class HttpsRequirements
{
    private const string Id = "TSP-HTTP-003";

    /// <summary>
    /// The https:// URL to try for <paramref name="declared"/>: the URL itself when it is https, else the same host and
    /// path with the https scheme on the default port (a TSA that serves both usually does so there).
    /// </summary>
    public static Uri HttpsCounterpart(Uri declared) =>
        declared.Scheme == Uri.UriSchemeHttps ? declared : new UriBuilder(declared) { Scheme = Uri.UriSchemeHttps, Port = -1 }.Uri;

    /// <summary>No https:// endpoint answered at all: HTTPS is not supported as far as the suite can see.</summary>
    public static RequirementNotMetException NotReachable(Uri declared, Uri tried, string why) =>
        new(Id, $"no time-stamping service answers over HTTPS for {declared}", $"a time-stamp response from {tried}", why);

    /// <summary>
    /// A valid request sent over HTTPS was granted with a token, over TLS 1.2 or later (RFC 8996 retires TLS 1.0 and
    /// 1.1), with a server certificate that validates and names the host.
    /// </summary>
    /// <param name="exchange">The request sent over HTTPS; null when it was not sent because the certificate is not valid.</param>
    public static void HttpsExchangeIsSound(TlsObservation tls, TimeStampExchange? exchange)
    {
        if (tls.Protocol is not (SslProtocols.Tls12 or SslProtocols.Tls13))
        {
            throw new RequirementNotMetException(Id, $"{tls.Url.Host}:{tls.Url.Port} negotiated a TLS version that is no longer acceptable",
                "TLS 1.2 or TLS 1.3", tls.ProtocolName);
        }

        if (!tls.CertificateValid)
        {
            throw new RequirementNotMetException(Id, $"the HTTPS server certificate of {tls.Url.Host}:{tls.Url.Port} is not valid for it",
                $"a certificate that validates to {tls.TrustedBy} and names the host", $"{tls.ServerSubject}: {string.Join("; ", tls.CertificateProblems)}");
        }

        if (exchange is null)
        {
            return;
        }

        TimeStampResponse response = exchange.RequireResponse();
        if (!response.IsGranted || response.Token is null)
        {
            throw new RequirementNotMetException(Id, $"a valid request sent over HTTPS to {exchange.Http.Url} was not granted",
                "granted with a token", $"{response.StatusText}{(response.FailInfo is { } f ? $", failInfo {f}" : "")}");
        }
    }
}

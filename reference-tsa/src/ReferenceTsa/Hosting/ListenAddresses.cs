using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using ReferenceTsa.Configuration;
using ReferenceTsa.Tls;

namespace ReferenceTsa.Hosting;

/// <summary>
/// The listen URLs of `serve --urls` (http:// and https://, host an IP address, localhost, or * for every address)
/// turned into Kestrel endpoints. HTTPS takes its certificate from <see cref="ReloadingServerCertificate"/> at each
/// handshake and allows TLS 1.2 and 1.3 only (RFC 8996 retires 1.0 and 1.1; BSI TR-02102-2 and ENISA agree).
/// </summary>
public static class ListenAddresses
{
    private static readonly List<SslApplicationProtocol> Alpn = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    /// <summary>Parses the URLs; a malformed one, or https:// without a certificate, is a configuration problem naming the setting.</summary>
    public static IReadOnlyList<Uri> Parse(IReadOnlyList<string> urls, bool haveCertificate)
    {
        var problems = new List<ConfigurationProblem>();
        var parsed = new List<Uri>();
        foreach (string url in urls)
        {
            // "*" and "+" are not valid URI hosts: stand in a placeholder to parse the rest.
            string normalised = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out _) && uri.Host != "localhost"))
            {
                problems.Add(new("--urls", $"'{url}' is not http(s)://ADDRESS:PORT with ADDRESS an IP address, localhost or *"));
                continue;
            }

            if (uri.Scheme == "https" && !haveCertificate)
            {
                problems.Add(new("Tsa:Tls:Certificate", $"{url} asks for HTTPS but the configuration has no Tsa:Tls section with a server certificate"));
                continue;
            }

            parsed.Add(uri);
        }

        if (problems.Count > 0)
        {
            throw new TsaConfigurationException("--urls", problems);
        }

        return parsed;
    }

    /// <param name="certificate">The server certificate, asked for at each handshake (it exists once the host is built).</param>
    public static void Apply(KestrelServerOptions kestrel, IReadOnlyList<Uri> urls, Func<ReloadingServerCertificate?> certificate)
    {
        foreach (var url in urls)
        {
            Action<ListenOptions> configure = url.Scheme == "https"
                ? listen => listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = (certificate() ?? throw new InvalidOperationException("no HTTPS server certificate")).Current.Context,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        ApplicationProtocols = Alpn,
                        ClientCertificateRequired = false,
                    }),
                    HandshakeTimeout = TimeSpan.FromSeconds(10),
                })
                : _ => { };
            if (url.Host == "localhost")
            {
                kestrel.ListenLocalhost(url.Port, configure);
            }
            else
            {
                var address = IPAddress.Parse(url.Host.Trim('[', ']'));
                if (address.Equals(IPAddress.Any))
                {
                    kestrel.ListenAnyIP(url.Port, configure);
                }
                else
                {
                    kestrel.Listen(address, url.Port, configure);
                }
            }
        }
    }
}

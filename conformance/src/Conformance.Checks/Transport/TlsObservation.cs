using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Conformance.Checks.Outcomes;

namespace Conformance.Checks.Transport;

/// <summary>
/// What a TLS handshake with an https:// endpoint showed: the negotiated protocol version and cipher suite, the server
/// certificate, and whether that certificate validates (to the target's declared TLS anchors, or to the system store)
/// and names the host. Recorded for TSP-HTTP-003 (EN 319 422 §7; CIR (EU) 2025/1929 Annex point 2(9)).
/// </summary>
public sealed record TlsObservation
{
    public required Uri Url { get; init; }
    public required SslProtocols Protocol { get; init; }
    public required string CipherSuite { get; init; }
    public required string ServerSubject { get; init; }
    public required string ServerIssuer { get; init; }
    public required DateTimeOffset NotBefore { get; init; }
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Empty when the certificate validates and matches the host; otherwise what is wrong with it.</summary>
    public required IReadOnlyList<string> CertificateProblems { get; init; }

    /// <summary>"the target's declared TLS anchors" or "the system trust store".</summary>
    public required string TrustedBy { get; init; }

    public bool CertificateValid => CertificateProblems.Count == 0;

    /// <summary>The protocol version as the TLS RFCs name it (TLS 1.2, TLS 1.3).</summary>
    public string ProtocolName => Protocol switch
    {
#pragma warning disable SYSLIB0039 // older protocols are named, never negotiated on purpose
        SslProtocols.Tls => "TLS 1.0",
        SslProtocols.Tls11 => "TLS 1.1",
#pragma warning restore SYSLIB0039
        SslProtocols.Tls12 => "TLS 1.2",
        SslProtocols.Tls13 => "TLS 1.3",
        _ => Protocol.ToString(),
    };

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("TLS handshake with ").Append(Url.Host).Append(':').Append(Url.Port).Append('\n');
        text.Append("Protocol: ").Append(ProtocolName).Append('\n');
        text.Append("Cipher suite: ").Append(CipherSuite).Append('\n');
        text.Append("Server certificate: ").Append(ServerSubject).Append('\n');
        text.Append("Issuer: ").Append(ServerIssuer).Append('\n');
        text.Append("Validity: ").Append(NotBefore.ToString("O")).Append(" .. ").Append(NotAfter.ToString("O")).Append('\n');
        text.Append("Validated against: ").Append(TrustedBy).Append('\n');
        text.Append("Certificate valid for this host: ").Append(CertificateValid ? "yes" : "no: " + string.Join("; ", CertificateProblems)).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// Opens one TLS connection to <paramref name="url"/> (no HTTP is sent) and records what was negotiated. The
    /// handshake always completes so the certificate can be judged, even when it would not be trusted; a server that
    /// cannot be reached or that does not speak TLS is a <see cref="TargetErrorException"/> naming the URL.
    /// </summary>
    public static async Task<TlsObservation> ObserveAsync(Uri url, TsaHttpOptions options, CancellationToken cancellationToken = default)
    {
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"{url} is not an https:// URL", nameof(url));
        }

        X509Certificate2Collection? anchors = options.ServerTrustAnchors is { Count: > 0 } a ? a : null;
        var problems = new List<string>();
        X509Certificate2? server = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(url.Host, url.Port, timeout.Token).ConfigureAwait(false);
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, chain, errors) =>
            {
                if (certificate is not null)
                {
                    server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    problems.AddRange(Judge(server, chain, errors, anchors));
                }
                else
                {
                    problems.Add("the server presented no certificate");
                }

                return true; // judged above; the handshake completes so that the protocol can be recorded
            });
            var client = new SslClientAuthenticationOptions
            {
                TargetHost = url.IdnHost,
                ClientCertificates = options.ClientCertificate is null ? null : [options.ClientCertificate],
            };
            await tls.AuthenticateAsClientAsync(client, timeout.Token).ConfigureAwait(false);
            return new TlsObservation
            {
                Url = url,
                Protocol = tls.SslProtocol,
                CipherSuite = tls.NegotiatedCipherSuite.ToString(),
                ServerSubject = server?.Subject ?? "(none)",
                ServerIssuer = server?.Issuer ?? "(none)",
                NotBefore = server?.NotBefore.ToUniversalTime() ?? default,
                NotAfter = server?.NotAfter.ToUniversalTime() ?? default,
                CertificateProblems = problems,
                TrustedBy = anchors is null ? "the system trust store" : "the target's declared TLS anchors (tls: ca-file)",
            };
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            string why = e is OperationCanceledException ? $"no TLS handshake within {options.RequestTimeout.TotalSeconds:0.#} s" : e.Message;
            throw new TargetErrorException($"TLS handshake with {url.Host}:{url.Port} ({url}) failed: {why}", e);
        }
    }

    private static IEnumerable<string> Judge(X509Certificate2 server, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection? anchors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            yield return "the certificate does not name the host (subjectAltName)";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        if (anchors is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
            chain.ChainPolicy.DisableCertificateDownloads = true;
        }

        if (presented is not null)
        {
            foreach (X509ChainElement element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (!chain.Build(server))
        {
            foreach (X509ChainStatus status in chain.ChainStatus)
            {
                yield return $"{status.Status}: {status.StatusInformation.Trim()}";
            }
        }
    }
}

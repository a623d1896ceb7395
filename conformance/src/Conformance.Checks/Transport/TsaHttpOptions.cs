using System.Security.Cryptography.X509Certificates;

namespace Conformance.Checks.Transport;

/// <summary>How to talk HTTP to a target: authentication, TLS trust, time limits, size cap and request rate.</summary>
public sealed record TsaHttpOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for one whole exchange: connect, send, and read the complete response.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Responses larger than this are not read further; a time-stamp response is a few kilobytes.</summary>
    public long MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Upper bound on requests per second across the whole run; null for no limit.</summary>
    public double? MaxRequestsPerSecond { get; init; }

    public string? BasicUser { get; init; }
    public string? BasicPassword { get; init; }
    public string? BearerToken { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Client certificate with private key for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Extra trust anchors for the server's TLS certificate; when set, only these anchors are trusted.</summary>
    public X509Certificate2Collection? ServerTrustAnchors { get; init; }

    /// <summary>Accept any server certificate (testing only; recorded in the report).</summary>
    public bool InsecureSkipServerCertificateValidation { get; init; }
}

using System.Net;

namespace Conformance.Checks.Transport;

/// <summary>One completed HTTP exchange with a target, as captured for evidence.</summary>
public sealed record HttpExchange
{
    public required Uri Url { get; init; }
    public required string Method { get; init; }
    public string? RequestContentType { get; init; }
    public ReadOnlyMemory<byte> RequestBody { get; init; }
    public required HttpStatusCode StatusCode { get; init; }
    public string? ReasonPhrase { get; init; }

    /// <summary>The response media type without parameters, lower case; null when the response had none.</summary>
    public string? ContentType { get; init; }

    public string? ContentTypeHeader { get; init; }
    public ReadOnlyMemory<byte> Body { get; init; }
    public TimeSpan Elapsed { get; init; }
    public IReadOnlyList<string> EvidenceFiles { get; init; } = [];

    /// <summary>
    /// The request first went out on a pooled connection the server had already closed (it closes after each response
    /// without "Connection: close", or speaks HTTP/1.0) and was sent again on a fresh connection, as curl does.
    /// </summary>
    public bool RetriedOnFreshConnection { get; init; }

    public bool IsSuccessStatus => (int)StatusCode is >= 200 and < 300;

    public string Describe() =>
        $"{Method} {Url} answered HTTP {(int)StatusCode} {ReasonPhrase} with {ContentTypeHeader ?? "no content type"} ({Body.Length} bytes)";
}

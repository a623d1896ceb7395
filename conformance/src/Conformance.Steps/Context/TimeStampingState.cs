using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;

namespace Conformance.Steps.Context;

/// <summary>Per-scenario state shared by the binding classes (Reqnroll context injection).</summary>
public sealed class TimeStampingState
{
    private TimeStampRequest? _request;
    private TimeStampExchange? _exchange;
    private TimeStampToken? _token;

    public TimeStampRequest Request
    {
        get => _request ?? throw new InvalidOperationException("No time-stamp request has been prepared in this scenario; start with a 'Given a time-stamp request ...' step.");
        set => _request = value;
    }

    public bool HasRequest => _request is not null;

    public TimeStampExchange Exchange
    {
        get => _exchange ?? throw new InvalidOperationException("No request has been sent in this scenario; add a 'When the request is sent ...' step.");
        set => _exchange = value;
    }

    /// <summary>The token under examination: the one just issued (online) or the stored one (offline).</summary>
    public TimeStampToken Token
    {
        get => _token ?? (UndecodableTokenError is { } error
            ? throw new Conformance.Checks.Outcomes.TargetErrorException($"the time-stamp token could not be decoded, so this could not be checked: {error}")
            : throw new InvalidOperationException("No time-stamp token is available in this scenario; obtain one first."));
        set => _token = value;
    }

    /// <summary>
    /// The encoded token under examination (a CMS ContentInfo), also when it could not be decoded as a token: the
    /// checks of the outer structure (TSP-CMS-001) judge it from the bytes, the others end in error.
    /// </summary>
    public ReadOnlyMemory<byte> TokenBytes => _token?.Encoded ?? UndecodableTokenBytes
        ?? throw new InvalidOperationException("No time-stamp token is available in this scenario; obtain one first.");

    /// <summary>A token that was received (or stored) but could not be decoded, and why.</summary>
    public ReadOnlyMemory<byte>? UndecodableTokenBytes { get; set; }

    public string? UndecodableTokenError { get; set; }

    /// <summary>Offline: the stored TimeStampResp the response checks (TSP-RESP-001..003) examine.</summary>
    public TimeStampResponse? StoredResponse { get; set; }

    public bool HasToken => _token is not null;

    /// <summary>The endpoint chosen by a "Given the ... time-stamping service" step; null for the default one.</summary>
    public Uri? Url { get; set; }

    /// <summary>Answers to a series of requests sent in one step (variations, batches), labelled by what was varied.</summary>
    public List<(string Variation, TimeStampExchange Exchange)> Series { get; } = [];

    /// <summary>A second token, e.g. from the other endpoint, for comparisons.</summary>
    public TimeStampToken? OtherToken { get; set; }

    /// <summary>The request that produced the token; null for a stored token.</summary>
    public TimeStampRequest? TokenRequest { get; set; }
}

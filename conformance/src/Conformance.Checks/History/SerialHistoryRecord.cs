namespace Conformance.Checks.History;

/// <summary>One token remembered in the serial history: which TSU issued which serial, where and in which run.</summary>
public sealed record SerialHistoryRecord
{
    /// <summary>The TSU as the token's SignerInfo identifies it (issuer and serial number of its certificate, or its key identifier).</summary>
    public required string Tsu { get; init; }

    /// <summary>serialNumber in decimal.</summary>
    public required string Serial { get; init; }

    public required string Url { get; init; }

    /// <summary>The run that saw it: its start and evidence folder.</summary>
    public required string Run { get; init; }

    /// <summary>The token's evidence file in that run.</summary>
    public required string Token { get; init; }

    public string? GenTime { get; init; }
    public required DateTimeOffset RecordedAtUtc { get; init; }
}

using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Transport;

/// <summary>A time-stamp request sent to a target and what came back, decoded as far as it goes.</summary>
public sealed class TimeStampExchange
{
    public required TimeStampRequest Request { get; init; }
    public required HttpExchange Http { get; init; }

    /// <summary>The decoded TimeStampResp, or null when the body is not one (see <see cref="DecodeError"/>).</summary>
    public TimeStampResponse? Response { get; init; }

    public string? DecodeError { get; init; }
    public IReadOnlyList<string> EvidenceFiles { get; init; } = [];

    /// <summary>
    /// The TimeStampResp, or a <see cref="TargetErrorException"/> when the target did not answer with one: an HTTP error
    /// status, or a success status with a body that is not a TimeStampResp (an HTML page, garbage).
    /// </summary>
    public TimeStampResponse RequireResponse()
    {
        if (!Http.IsSuccessStatus)
        {
            throw new TargetErrorException($"{Http.Describe()}; a time-stamp response was expected");
        }

        return Response ?? throw new TargetErrorException($"{Http.Describe()}; the body is not a time-stamp response: {DecodeError}");
    }
}

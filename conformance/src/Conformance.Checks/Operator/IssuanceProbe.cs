using System.Globalization;
using System.Numerics;
using System.Text;
using Conformance.Checks.Evidence;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Operator;

/// <summary>One request sent while the operator changed something, and how it ended.</summary>
public sealed record IssuanceAttempt(DateTimeOffset SentAt, DateTimeOffset ReceivedAt, Uri Url, string Outcome, bool Granted, PkiFailureInfo? FailInfo,
    BigInteger? Serial, DateTimeOffset? GenTime)
{
    /// <summary>No token, and the refusal says the time or the system is not available (RFC 3161 §2.4.2), or the HTTP layer refused.</summary>
    public bool RefusedForLackOfTimeOrSystem => !Granted && (FailInfo is null || (FailInfo.Value & (PkiFailureInfo.TimeNotAvailable | PkiFailureInfo.SystemFailure)) != 0);

    public override string ToString() =>
        $"{SentAt:HH:mm:ss.fff}  {Url.AbsolutePath,-6} {Outcome}{(Serial is { } s ? $" serial {s:X}" : "")}{(GenTime is { } g ? $" genTime {g:HH:mm:ss.fff}" : "")}";
}

/// <summary>
/// Sends plain SHA-256 requests to an instance the operator controls and keeps a timeline of the answers, which goes
/// into the evidence (one line per request). Nothing here knows which TSA answers.
/// </summary>
public sealed class IssuanceProbe(TsaClient client, IEvidenceSink evidence, string label, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly List<IssuanceAttempt> _timeline = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<IssuanceAttempt> Timeline
    {
        get
        {
            lock (_gate)
            {
                return [.. _timeline];
            }
        }
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>One request; connection failures count as "no token" with the reason, never as an exception.</summary>
    public async Task<IssuanceAttempt> RequestAsync(Uri url, CancellationToken cancellationToken)
    {
        TimeStampRequest request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { CertReq = false };
        DateTimeOffset sent = Now;
        IssuanceAttempt attempt;
        try
        {
            TimeStampExchange exchange = await client.RequestAsync(url, request, null, label, cancellationToken).ConfigureAwait(false);
            DateTimeOffset received = Now;
            if (exchange.Response is { } response && exchange.Http.IsSuccessStatus)
            {
                TstInfo? tst = response.Token?.TstInfo;
                attempt = new IssuanceAttempt(sent, received, url,
                    response.IsGranted ? (tst is null ? "granted, token not decodable" : "granted") : $"rejection{(response.FailInfo is { } f ? $" failInfo {f}" : "")}",
                    response.IsGranted, response.FailInfo, tst?.SerialNumber, tst?.GenTime);
            }
            else
            {
                attempt = new IssuanceAttempt(sent, received, url, $"no time-stamp response: {exchange.Http.Describe()}", false, null, null, null);
            }
        }
        catch (TargetErrorException e)
        {
            attempt = new IssuanceAttempt(sent, Now, url, $"no answer: {e.Message}", false, null, null, null);
        }

        lock (_gate)
        {
            _timeline.Add(attempt);
        }

        return attempt;
    }

    /// <summary>Requests every <paramref name="interval"/> until one satisfies <paramref name="until"/> or the time is up.</summary>
    public async Task<IssuanceAttempt?> PollAsync(Uri url, Func<IssuanceAttempt, bool> until, TimeSpan within, TimeSpan interval, CancellationToken cancellationToken)
    {
        DateTimeOffset deadline = Now + within;
        while (Now < deadline)
        {
            IssuanceAttempt attempt = await RequestAsync(url, cancellationToken).ConfigureAwait(false);
            if (until(attempt))
            {
                return attempt;
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Every attempt made from <paramref name="from"/> for <paramref name="duration"/>, one every <paramref name="interval"/>.</summary>
    public async Task<IReadOnlyList<IssuanceAttempt>> SampleAsync(Uri url, TimeSpan duration, TimeSpan interval, CancellationToken cancellationToken)
    {
        var attempts = new List<IssuanceAttempt>();
        DateTimeOffset end = Now + duration;
        while (Now < end)
        {
            attempts.Add(await RequestAsync(url, cancellationToken).ConfigureAwait(false));
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }

        return attempts;
    }

    public void Note(string text)
    {
        lock (_gate)
        {
            _notes.Add($"{Now:HH:mm:ss.fff}  -- {text}");
        }
    }

    private readonly List<string> _notes = [];

    /// <summary>Writes the timeline (requests and the operator's actions, in time order) as evidence.</summary>
    public string SaveTimeline(string title)
    {
        var lines = new List<(string Time, string Text)>();
        lock (_gate)
        {
            lines.AddRange(_timeline.Select(a => (a.SentAt.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture), a.ToString())));
            lines.AddRange(_notes.Select(n => (n[..12], n)));
        }

        var text = new StringBuilder().AppendLine(title).AppendLine("(UTC, local clock of the conformance suite)");
        foreach ((_, string line) in lines.OrderBy(l => l.Time, StringComparer.Ordinal))
        {
            text.AppendLine(line);
        }

        return evidence.Save(label + "-timeline", "txt", Encoding.UTF8.GetBytes(text.ToString()));
    }
}
